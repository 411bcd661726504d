using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>
/// `azd deploy` as azd runs it (see <see cref="AzdDeploy"/>): each service's predeploy hook writes its values
/// file from the azd environment, then its release is rendered exactly as azd invokes Helm.
/// </summary>
[Collection(DeployToolsCollection.Name)]
public sealed class AzdReleaseTests
{
    private static readonly AzureYaml File = AzureYaml.Load();

    [Fact]
    public void Every_release_is_installed_once_per_deploy()
    {
        // azd installs every release of every service on each deploy; two installs of one release would
        // race (deploys run in parallel where `uses:` allows) or undo each other.
        var installs = File.Releases.GroupBy(r => (r.Release.Namespace, r.Release.Name)).ToList();

        Assert.All(installs, release => Assert.Single(release));
        Assert.Equal(File.Services.Keys.Order(), installs.Select(r => Assert.Single(r).Service).Order());
    }

    [Fact]
    public void Services_deploy_one_at_a_time()
    {
        // cli/azd/internal/cmd/service_graph.go (addServiceStepsToGraph): once any service declares `uses:`, a
        // deploy step waits only for those it uses, and the rest run in parallel. Parallel AKS deploys would
        // rewrite the same kubeconfig files at once (cli/azd/pkg/tools/kubectl/kube_config.go takes no lock).
        var before = File.Services.Keys.ToDictionary(s => s, s => Upstream(s).ToHashSet());

        foreach (var (a, b) in File.Services.Keys.SelectMany(a => File.Services.Keys.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b))))
        {
            Assert.True(before[a].Contains(b) ^ before[b].Contains(a), $"{a} and {b} would deploy at the same time");
        }

        IEnumerable<string> Upstream(string service) => File.Uses(service).SelectMany(u => Upstream(u).Append(u));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_deploy_installs_every_component_with_its_image_and_identity(bool eventGrid)
    {
        using var timeout = TestTimeouts.ForTool();
        var releases = await DeployAsync(AzdEnvironment.Deployed(eventGrid), timeout.Token);

        foreach (var (service, chart) in releases)
        {
            var workload = chart.Get("Deployment", service);
            Assert.Equal(AzdEnvironment.Image(service), Assert.Single(workload.Containers).ScalarAt("image"));
            var account = Assert.Single(chart.OfKind("ServiceAccount"));
            Assert.Equal(workload.PodSpec.ScalarAt("serviceAccountName"), account.Name);
            Assert.Equal(AzdEnvironment.ClientId(service), account.Root.At("metadata.annotations").ChildScalar("azure.workload.identity/client-id"));
            Assert.All(chart.Workloads, w => Assert.Equal(service, w.Component));
            var env = Assert.Single(workload.Containers).MappingsAt("env").ToDictionary(e => e.RequiredScalar("name"), e => e.ScalarAt("value"));
            Assert.Equal("https://stabc123.blob.core.windows.net/", env["ConnectionStrings__storage"]);
            Assert.Equal(AzdEnvironment.ApplicationInsights, env["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        }

        var worker = releases["worker"];
        var auth = worker.Get("TriggerAuthentication");
        Assert.Equal(AzdEnvironment.ClientId("keda"), auth.Root.ScalarAt("spec.podIdentity.identityId"));
        var scaler = worker.Get("ScaledObject");
        Assert.Equal(worker.WorkerWorkload.Name, scaler.Root.ScalarAt("spec.scaleTargetRef.name"));
        Assert.Equal(auth.Name, Assert.Single(scaler.Root.MappingsAt("spec.triggers"), t => t.ScalarAt("type") == "azure-queue").ScalarAt("authenticationRef.name"));
        Assert.Equal("stabc123", Assert.Single(scaler.Root.MappingsAt("spec.triggers"), t => t.ScalarAt("type") == "azure-queue").ScalarAt("metadata.accountName"));
        Assert.Equal(eventGrid, releases["orchestrator"].OfKind("Ingress").Any());
        if (eventGrid)
        {
            // The key the subscription URL carries (main.parameters.json) is the one the orchestrator compares.
            var secret = Assert.Single(releases["orchestrator"].OfKind("Secret"), s => s.Name == "computeengine-eventgrid");
            var key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret.Root.At("data").ChildScalar("webhook-key")!));
            Assert.Equal(AzdEnvironment.EventGridWebhookKey, key);
        }

        var validation = await ManifestValidator.ValidateAsync(string.Join("\n---\n", releases.Values.Select(c => c.Text)), timeout.Token);
        Assert.True(validation.ExitCode == 0, validation.ToString());
    }

    [Fact]
    public async Task A_release_that_reads_another_releases_Secret_is_deployed_after_it()
    {
        using var timeout = TestTimeouts.ForTool();
        var releases = await DeployAsync(AzdEnvironment.Deployed(eventGrid: true), timeout.Token);
        var owners = releases.SelectMany(r => r.Value.OfKind("Secret").Select(s => (Secret: s.Name, Service: r.Key))).ToDictionary(s => s.Secret, s => s.Service);

        foreach (var (service, chart) in releases)
        {
            var read = chart.Workloads.SelectMany(w => w.Containers).SelectMany(c => c.MappingsAt("env"))
                .Select(e => e.ScalarAt("valueFrom.secretKeyRef.name")).OfType<string>().Distinct();
            foreach (var secret in read)
            {
                Assert.True(owners.TryGetValue(secret, out var owner), $"{service} reads Secret {secret}, which no release installs");
                Assert.True(owner == service || File.Uses(service).Contains(owner), $"{service} reads {owner}'s Secret {secret} but does not declare uses: [{owner}]");
            }
        }

        Assert.Contains("computeengine-api-key", owners.Keys);
    }

    [Fact]
    public async Task Azd_finds_each_services_endpoint_in_its_own_release()
    {
        using var timeout = TestTimeouts.ForTool();
        var releases = await DeployAsync(AzdEnvironment.Deployed(), timeout.Token);

        // cli/azd/pkg/project/service_target_aks.go, getServiceEndpoints: the first Service whose name
        // contains k8s.service.name; none is fine (the worker), another release's would be a wrong endpoint.
        foreach (var (service, chart) in releases)
        {
            var name = File.Services[service].RequiredScalar("k8s.service.name");
            var matches = releases.Values.SelectMany(c => c.OfKind("Service")).Where(s => s.Name.Contains(name, StringComparison.Ordinal)).ToList();
            Assert.All(matches, s => Assert.Contains(s, chart.OfKind("Service")));
            Assert.Equal(service != "worker", matches.Count == 1);
        }
    }

    [Theory]
    [InlineData("worker", "SERVICE_WORKER_IMAGE_NAME")]
    [InlineData("worker", "AZURE_KEDA_IDENTITY_CLIENT_ID")]
    [InlineData("orchestrator", "AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("dashboard", "APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public async Task The_hook_stops_the_deploy_when_a_value_is_missing(string service, string missing)
    {
        using var timeout = TestTimeouts.ForTool();
        var environment = AzdEnvironment.Deployed();
        environment.Remove(missing);
        var values = ValuesFile(service);
        System.IO.File.Delete(values);

        var result = await AzdDeploy.RunPredeployHookAsync(File, service, environment, timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(missing, result.StandardError, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(values));
    }

    [Fact]
    public async Task Event_Grid_without_its_webhook_key_stops_the_deploy()
    {
        using var timeout = TestTimeouts.ForTool();
        var environment = AzdEnvironment.Deployed(eventGrid: true);
        environment.Remove("AZURE_EVENT_GRID_WEBHOOK_KEY");

        var result = await AzdDeploy.RunPredeployHookAsync(File, "orchestrator", environment, timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AZURE_EVENT_GRID_WEBHOOK_KEY", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("worker")]
    [InlineData("dashboard")]
    public async Task A_release_without_its_image_fails_instead_of_installing_nothing(string component)
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await ProcessRunner.RunAsync(
            NodeToolchain.HelmPath,
            ["template", "computeengine-" + component, RepoPaths.Chart, "--namespace", HelmCli.Namespace,
                "--set", $"component={component}", "--set", "storage.accountName=stabc123",
                "--set", $"{component}.identityClientId={AzdEnvironment.ClientId(component)}",
                "--set", $"keda.identityClientId={AzdEnvironment.ClientId("keda")}"],
            RepoPaths.Root,
            timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{component}.image is required", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Every service's hook, then its release rendered as azd's helm upgrade would install it.</summary>
    private static async Task<Dictionary<string, RenderedChart>> DeployAsync(Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var rendered = new Dictionary<string, RenderedChart>();
        foreach (var (service, release) in File.Releases)
        {
            var hook = await AzdDeploy.RunPredeployHookAsync(File, service, environment, cancellationToken);
            Assert.True(hook.ExitCode == 0, $"{service} predeploy hook failed\n{hook}");
            var render = await AzdDeploy.RenderAsync(release, cancellationToken);
            Assert.True(render.ExitCode == 0, $"{release.Name} did not render\n{render}");
            rendered[service] = new RenderedChart(render.StandardOutput);
        }

        return rendered;
    }

    private static string ValuesFile(string service) =>
        Path.Combine(RepoPaths.Root, Assert.Single(File.Releases, r => r.Service == service).Release.Values!);
}
