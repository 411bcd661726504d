using ComputeEngine.Deploy.Tests.Manifests;

namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>
/// What `azd deploy` does for an AKS service after pushing its image, offline, as Azure/azure-dev does it at
/// commit ae35809f496491989273d0edefdeb70f245f399b:
/// <list type="bullet">
/// <item>The service's predeploy hook runs in the service's folder (cli/azd/cmd/middleware/hooks.go: the
/// service hooks runner's Cwd is service.Path()) with the azd environment as variables
/// (cli/azd/pkg/ext/hooks_runner.go, execHook: env.Dotenv()). A <c>run</c> that names no file is an inline
/// script (cli/azd/pkg/ext/models.go, parseRunTarget), written to a temp file after "#!/bin/sh\nset -e" and
/// run by the shell (cli/azd/pkg/tools/bash/bash.go, Prepare and Execute).</item>
/// <item>Then, per release, cli/azd/pkg/helm/cli.go Upgrade: <c>helm upgrade NAME CHART --install --wait
/// [--version V] [--values FILE] [--namespace N --create-namespace]</c>, in azd's own working directory,
/// CHART and FILE verbatim (cli/azd/pkg/project/service_target_aks.go, deployHelmCharts). Offline,
/// <c>helm template</c> with the same chart, version, values and namespace renders what it would apply.</item>
/// </list>
/// </summary>
public static class AzdDeploy
{
    private const string InlineScriptHeader = "#!/bin/sh\nset -e\n\n# Auto generated file from Azure Developer CLI\n";

    /// <summary>The arguments azd gives helm for a release (cli/azd/pkg/helm/cli.go, Upgrade).</summary>
    public static IReadOnlyList<string> UpgradeArguments(HelmRelease release)
    {
        List<string> arguments = ["upgrade", release.Name, release.Chart, "--install", "--wait"];
        if (!string.IsNullOrEmpty(release.Version))
        {
            arguments.AddRange(["--version", release.Version]);
        }

        if (!string.IsNullOrEmpty(release.Values))
        {
            arguments.AddRange(["--values", release.Values]);
        }

        if (!string.IsNullOrEmpty(release.Namespace))
        {
            arguments.AddRange(["--namespace", release.Namespace, "--create-namespace"]);
        }

        return arguments;
    }

    /// <summary>Runs the service's predeploy hook with only the given azd environment (and PATH).</summary>
    public static Task<ProcessResult> RunPredeployHookAsync(
        AzureYaml file, string service, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        RunHookAsync(file, service, "predeploy", environment, cancellationToken);

    /// <summary>Runs one of the service's hooks with only the given azd environment (and PATH, unless given).</summary>
    public static async Task<ProcessResult> RunHookAsync(
        AzureYaml file, string service, string name, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var hook = file.Services[service].RequiredMapping("hooks." + name);
        Assert.Equal("sh", hook.ScalarAt("shell"));
        var run = hook.RequiredScalar("run");
        var directory = file.ServiceDirectory(service);
        var runFile = Path.Combine(directory, run);
        var script = File.Exists(runFile) ? runFile : Path.Combine(Path.GetTempPath(), $"azd-{service}-{name}-{Guid.NewGuid():N}.sh");
        if (script != runFile)
        {
            await File.WriteAllTextAsync(script, InlineScriptHeader + run + "\n", cancellationToken);
        }

        try
        {
            var variables = new Dictionary<string, string>(environment);
            variables.TryAdd("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
            return await ProcessRunner.RunAsync("sh", [script], directory, cancellationToken, variables);
        }
        finally
        {
            if (script != runFile)
            {
                File.Delete(script);
            }
        }
    }

    /// <summary>What the release's `helm upgrade` would apply, rendered from azd's working directory.</summary>
    public static Task<ProcessResult> RenderAsync(HelmRelease release, CancellationToken cancellationToken)
    {
        var upgrade = UpgradeArguments(release);
        // Same NAME, CHART, --version, --values and --namespace; --install, --wait and --create-namespace act
        // on a cluster only.
        IEnumerable<string> template = ["template", .. upgrade.Skip(1).Take(2),
            .. upgrade.Skip(3).Where(a => a is not ("--install" or "--wait" or "--create-namespace"))];
        return ProcessRunner.RunAsync(NodeToolchain.HelmPath, template, RepoPaths.Root, cancellationToken);
    }
}
