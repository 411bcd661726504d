using System.Text;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ComputeEngine.Deploy.Tests;

/// <summary>No keys in the cluster, identities where Azure is reached, least privilege and exposure.</summary>
[Collection(DeployToolsCollection.Name)]
public sealed class ChartSecurityTests
{
    public static TheoryData<string, bool> Variants => HelmLintTests.Variants;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task No_account_key_or_connection_string_is_rendered(string workerMode, bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync(workerMode, eventGrid);

        foreach (var forbidden in new[] { "AccountKey", "DefaultEndpointsProtocol", "SharedAccessSignature", "UseDevelopmentStorage", "connectionFromEnv" })
        {
            Assert.DoesNotContain(forbidden, chart.Text, StringComparison.OrdinalIgnoreCase);
        }

        var storageValues = chart.Workloads.SelectMany(w => w.Containers).SelectMany(c => c.MappingsAt("env"))
            .Where(env => env.ScalarAt("name") == "ConnectionStrings__storage")
            .Select(env => env.RequiredScalar("value"))
            .ToList();
        Assert.Equal(3, storageValues.Count);
        Assert.All(storageValues, value => Assert.Matches("^https://[a-z0-9]+\\.blob\\.core\\.windows\\.net/$", value));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task KEDA_authenticates_with_workload_identity(string workerMode, bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync(workerMode, eventGrid);

        var auth = chart.Get("TriggerAuthentication");
        Assert.Equal(["podIdentity"], auth.Root.At("spec").Keys());
        Assert.Equal("azure-workload", auth.Root.ScalarAt("spec.podIdentity.provider"));
        Assert.False(string.IsNullOrWhiteSpace(auth.Root.ScalarAt("spec.podIdentity.identityId")));

        var scaler = Assert.Single(chart.Manifests, m => m.Kind is "ScaledObject" or "ScaledJob");
        var trigger = Assert.Single(scaler.Root.MappingsAt("spec.triggers"));
        Assert.Equal("azure-queue", trigger.ScalarAt("type"));
        Assert.Equal(StorageNames.WorkQueue, trigger.ScalarAt("metadata.queueName"));
        Assert.Equal("AzurePublicCloud", trigger.ScalarAt("metadata.cloud"));
        Assert.Equal("stcomputeenginetest", trigger.ScalarAt("metadata.accountName"));
        Assert.Equal(auth.Name, trigger.ScalarAt("authenticationRef.name"));
    }

    [Theory]
    [InlineData("orchestrator")]
    [InlineData("dashboard")]
    public async Task Api_key_comes_from_the_charts_secret(string component)
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid: false);

        var secret = chart.Get("Secret");
        var key = Assert.Single(Assert.Single(chart.Get("Deployment", component).Containers).MappingsAt("env"),
            env => env.ScalarAt("name") == "Orchestrator__ApiKey");
        Assert.Null(key.At("value"));
        Assert.Equal(secret.Name, key.ScalarAt("valueFrom.secretKeyRef.name"));
        var encoded = secret.Root.At("data").ChildScalar(key.RequiredScalar("valueFrom.secretKeyRef.key"));
        Assert.True(Encoding.UTF8.GetString(Convert.FromBase64String(encoded!)).Length >= 32);
    }

    [Fact]
    public async Task An_explicit_api_key_is_used_as_given()
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues("apiKey.value=from-values"), timeout.Token));

        var encoded = chart.Get("Secret").Root.At("data").ChildScalar("api-key");

        Assert.Equal("from-values", Encoding.UTF8.GetString(Convert.FromBase64String(encoded!)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Pods_that_reach_Azure_use_annotated_service_accounts(string workerMode, bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync(workerMode, eventGrid);

        foreach (var workload in chart.Workloads)
        {
            Assert.Equal("true", workload.PodLabels.ChildScalar("azure.workload.identity/use"));
            var account = Assert.Single(chart.OfKind("ServiceAccount"), sa => sa.Name == workload.PodSpec.ScalarAt("serviceAccountName"));
            Assert.Matches("^[0-9a-f-]{36}$", account.Root.At("metadata.annotations").ChildScalar("azure.workload.identity/client-id"));
        }
    }

    [Fact]
    public async Task Dashboard_may_only_read_pods_and_nodes()
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid: false);

        var role = chart.Get("ClusterRole");
        var rules = role.Root.MappingsAt("rules");
        Assert.All(rules, rule =>
        {
            Assert.Subset(new HashSet<string> { "get", "list", "watch" }, Sequence(rule, "verbs").ToHashSet());
            Assert.Subset(new HashSet<string> { "pods", "nodes" }, Sequence(rule, "resources").ToHashSet());
        });
        var binding = chart.Get("ClusterRoleBinding");
        Assert.Equal(role.Name, binding.Root.ScalarAt("roleRef.name"));
        var subject = Assert.Single(binding.Root.MappingsAt("subjects"));
        Assert.Equal(chart.Get("Deployment", "dashboard").PodSpec.ScalarAt("serviceAccountName"), subject.ScalarAt("name"));
        Assert.Equal(HelmCli.Namespace, subject.ScalarAt("namespace"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Event_Grid_exposes_only_the_webhook_path(bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid);

        if (!eventGrid)
        {
            Assert.Empty(chart.OfKind("Ingress"));
            return;
        }

        var ingress = chart.Get("Ingress");
        var rule = Assert.Single(ingress.Root.MappingsAt("spec.rules"));
        Assert.Equal(ChartVariants.EventGridHost, rule.ScalarAt("host"));
        var path = Assert.Single(rule.MappingsAt("http.paths"));
        Assert.Equal("/runtime/webhooks/eventgrid", path.ScalarAt("path"));
        Assert.Equal("Exact", path.ScalarAt("pathType"));
        Assert.Equal(chart.Get("Service", "orchestrator").Name, path.ScalarAt("backend.service.name"));
        Assert.NotEmpty(ingress.Root.MappingsAt("spec.tls"));
    }

    private static IReadOnlyList<string> Sequence(YamlNode node, string path) =>
        node.At(path) is YamlSequenceNode sequence
            ? [.. sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value!)]
            : [];
}
