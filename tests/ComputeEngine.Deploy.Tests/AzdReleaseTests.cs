using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>The chart rendered with azure.yaml's overrides, expanded the way azd expands them.</summary>
[Collection(DeployToolsCollection.Name)]
public sealed class AzdReleaseTests
{
    private static readonly Dictionary<string, string> Provisioned = new()
    {
        ["AZURE_STORAGE_ACCOUNT_NAME"] = "stabc123",
        ["AZURE_STORAGE_BLOB_ENDPOINT"] = "https://stabc123.blob.core.windows.net/",
        ["AZURE_ORCHESTRATOR_IDENTITY_CLIENT_ID"] = "11111111-1111-1111-1111-111111111111",
        ["AZURE_WORKER_IDENTITY_CLIENT_ID"] = "22222222-2222-2222-2222-222222222222",
        ["AZURE_DASHBOARD_IDENTITY_CLIENT_ID"] = "33333333-3333-3333-3333-333333333333",
        ["AZURE_KEDA_IDENTITY_CLIENT_ID"] = "44444444-4444-4444-4444-444444444444",
    };

    [Fact]
    public async Task A_full_deploy_renders_every_service_and_passes_the_schemas()
    {
        var environment = new Dictionary<string, string>(Provisioned);
        foreach (var service in new[] { "ORCHESTRATOR", "WORKER", "DASHBOARD" })
        {
            environment[$"SERVICE_{service}_IMAGE_NAME"] = $"crabc.azurecr.io/computeengine/{service.ToLowerInvariant()}:azd-deploy-1";
        }

        using var timeout = TestTimeouts.ForTool();
        var manifests = await RenderAsync(environment, timeout.Token);
        var chart = new RenderedChart(manifests);

        Assert.Equal(["dashboard", "orchestrator", "worker"], chart.Workloads.Select(w => w.Component).Order());
        var validation = await ManifestValidator.ValidateAsync(manifests, timeout.Token);
        Assert.True(validation.ExitCode == 0, validation.ToString());
        // azd looks up each service's endpoint by the Service name azure.yaml gives it.
        var services = chart.OfKind("Service").Select(s => s.Name).ToHashSet();
        Assert.All(AzureYaml.Load().Services.Values, s => Assert.Contains(s.RequiredScalar("k8s.service.name"), services));
    }

    [Fact]
    public async Task The_first_service_deployed_renders_only_itself()
    {
        var environment = new Dictionary<string, string>(Provisioned)
        {
            ["SERVICE_DASHBOARD_IMAGE_NAME"] = "crabc.azurecr.io/computeengine/dashboard:azd-deploy-1",
        };

        using var timeout = TestTimeouts.ForTool();
        var chart = new RenderedChart(await RenderAsync(environment, timeout.Token));

        Assert.Equal("dashboard", Assert.Single(chart.Workloads).Component);
        Assert.DoesNotContain(chart.Manifests, m => m.Kind is "ScaledObject" or "ScaledJob" or "TriggerAuthentication");
    }

    /// <summary>helm template with one --set per override, as azd's helm upgrade passes them.</summary>
    private static Task<string> RenderAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        HelmCli.TemplateAsync(
            AzureYaml.Load().Overrides.SelectMany(o => new[] { "--set", $"{o.Key}={AzureYaml.Expand(o.Value, environment)}" }),
            cancellationToken);
}
