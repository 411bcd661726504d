using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>
/// The worker's postdeploy hook restarts the KEDA add-on's operator once, when it started before the
/// workload identity it reads the queue with could work. kubectl is a stand-in that answers the three reads
/// the way a cluster would (a Deployment's matchLabels through the go-template, creation timestamps in RFC 3339)
/// and records every call.
/// </summary>
public sealed class KedaIdentityHookTests : IDisposable
{
    private const string TriggerAuthenticationCreated = "2026-12-02T10:05:00Z";
    private readonly string _bin = Directory.CreateTempSubdirectory("computeengine-kubectl-").FullName;

    private string CallLog => Path.Combine(_bin, "calls.log");

    [Fact]
    public async Task An_operator_started_before_the_first_deploy_is_restarted()
    {
        var result = await RunAsync(["2026-12-02T09:40:00Z", "2026-12-02T10:30:00Z"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = await File.ReadAllLinesAsync(CallLog);
        Assert.Contains("rollout restart deployment/keda-operator -n kube-system", calls);
        Assert.Contains("rollout status deployment/keda-operator -n kube-system --timeout=300s", calls);
        Assert.Contains(calls, c => c.StartsWith("get pods -n kube-system -l app.kubernetes.io/name=keda-operator -o ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_restarted_since_is_left_alone()
    {
        var result = await RunAsync(["2026-12-02T10:30:00Z", "2026-12-02T10:31:00Z"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(await File.ReadAllLinesAsync(CallLog), c => c.StartsWith("rollout", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    private async Task<ProcessResult> RunAsync(string[] operatorPodsCreated)
    {
        await File.WriteAllTextAsync(Path.Combine(_bin, "kubectl"), $$"""
            #!/bin/sh
            echo "$*" >> '{{CallLog}}'
            case "$*" in
              "get triggerauthentication computeengine-queue-auth -n computeengine -o jsonpath={.metadata.creationTimestamp}")
                printf '%s' '{{TriggerAuthenticationCreated}}' ;;
              "get deployment keda-operator -n kube-system -o go-template="*)
                printf '%s' 'app.kubernetes.io/name=keda-operator,' ;;
              "get pods -n kube-system -l app.kubernetes.io/name=keda-operator -o jsonpath="*)
                printf '%s\n' {{string.Join(' ', operatorPodsCreated)}} ;;
              "rollout restart deployment/keda-operator -n kube-system"|"rollout status deployment/keda-operator -n kube-system --timeout=300s")
                ;;
              *) echo "unexpected: kubectl $*" >&2; exit 1 ;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(Path.Combine(_bin, "kubectl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var timeout = TestTimeouts.ForTool();
        var environment = AzdEnvironment.Deployed();
        environment["AZURE_KUBERNETES_NAMESPACE"] = "computeengine";
        environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        return await AzdDeploy.RunHookAsync(AzureYaml.Load(), "worker", "postdeploy", environment, timeout.Token);
    }
}
