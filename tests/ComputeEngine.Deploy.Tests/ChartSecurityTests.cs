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
        var trigger = Assert.Single(scaler.Root.MappingsAt("spec.triggers"), t => t.ScalarAt("type") == "azure-queue");
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
    public async Task Dashboard_reads_pods_of_its_namespace_and_nodes_only()
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid: false);
        var account = chart.Get("Deployment", "dashboard").PodSpec.ScalarAt("serviceAccountName");

        var role = chart.Get("Role");
        var podRule = Assert.Single(role.Root.MappingsAt("rules"));
        Assert.Equal(["pods"], Sequence(podRule, "resources"));
        Assert.Equal(["get", "list"], Sequence(podRule, "verbs"));
        var clusterRole = chart.Get("ClusterRole");
        var nodeRule = Assert.Single(clusterRole.Root.MappingsAt("rules"));
        Assert.Equal(["nodes"], Sequence(nodeRule, "resources"));
        Assert.Equal(["get", "list"], Sequence(nodeRule, "verbs"));
        foreach (var (binding, bound) in new[] { (chart.Get("RoleBinding"), role), (chart.Get("ClusterRoleBinding"), clusterRole) })
        {
            Assert.Equal(bound.Name, binding.Root.ScalarAt("roleRef.name"));
            var subject = Assert.Single(binding.Root.MappingsAt("subjects"));
            Assert.Equal(account, subject.ScalarAt("name"));
            Assert.Equal(HelmCli.Namespace, subject.ScalarAt("namespace"));
        }
    }

    [Fact]
    public async Task Without_node_reads_the_dashboard_has_no_cluster_wide_access()
    {
        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues("dashboard.readNodes=false"), timeout.Token));

        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        Assert.Single(chart.OfKind("Role"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Workers_accept_no_connections_and_the_orchestrator_only_its_callers(bool eventGrid)
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid);
        var policies = chart.OfKind("NetworkPolicy").ToDictionary(p => p.Component!);

        Assert.Equal(["dashboard", "orchestrator", "worker"], policies.Keys.Order());
        Assert.Equal(["Ingress"], Sequence(policies["worker"].Root, "spec.policyTypes"));
        Assert.Null(policies["worker"].Root.At("spec.ingress"));
        Assert.Equal("worker", policies["worker"].Root.At("spec.podSelector.matchLabels").ChildScalar("app.kubernetes.io/component"));
        var from = Assert.Single(policies["orchestrator"].Root.MappingsAt("spec.ingress")).MappingsAt("from");
        Assert.Equal("dashboard", from[0].At("podSelector.matchLabels").ChildScalar("app.kubernetes.io/component"));
        Assert.Equal(eventGrid ? 3 : 2, from.Count);
        if (eventGrid)
        {
            Assert.Equal("app-routing-system", from[1].At("namespaceSelector.matchLabels").ChildScalar("kubernetes.io/metadata.name"));
        }

        // KEDA (the AKS add-on runs it in kube-system) reads /metrics/backlog for its metrics-api trigger.
        Assert.Equal("kube-system", from[^1].At("namespaceSelector.matchLabels").ChildScalar("kubernetes.io/metadata.name"));
    }

    [Fact]
    public async Task Event_Grid_webhook_key_reaches_the_orchestrator_from_a_Secret()
    {
        var chart = await ChartVariants.RenderAsync("deployment", eventGrid: true);

        var env = Assert.Single(Assert.Single(chart.Get("Deployment", "orchestrator").Containers).MappingsAt("env"),
            e => e.ScalarAt("name") == "EventGrid__WebhookKey");
        Assert.Null(env.At("value"));
        var secret = Assert.Single(chart.OfKind("Secret"), s => s.Name == env.ScalarAt("valueFrom.secretKeyRef.name"));
        var encoded = secret.Root.At("data").ChildScalar(env.RequiredScalar("valueFrom.secretKeyRef.key"));
        Assert.Equal(AzdEnvironment.EventGridWebhookKey, Encoding.UTF8.GetString(Convert.FromBase64String(encoded!)));
        Assert.DoesNotContain(chart.Get("Deployment", "dashboard").Containers.SelectMany(c => c.MappingsAt("env")), e => e.ScalarAt("name") == "EventGrid__WebhookKey");
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
