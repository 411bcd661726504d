using ComputeEngine.Deploy.Tests.Manifests;

namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>The value sets the chart is checked with: both worker modes, Event Grid on and off.</summary>
public static class ChartVariants
{
    public const string EventGridHost = "computeengine.example.com";

    public static IReadOnlyList<string> Values(string workerMode, bool eventGrid) => eventGrid
        ? HelmCli.CiValues(
            $"worker.mode={workerMode}",
            "eventGrid.enabled=true",
            $"eventGrid.host={EventGridHost}",
            "eventGrid.tlsSecretName=computeengine-tls",
            $"eventGrid.webhookKey={AzdEnvironment.EventGridWebhookKey}")
        : HelmCli.CiValues($"worker.mode={workerMode}");

    public static async Task<RenderedChart> RenderAsync(string workerMode, bool eventGrid)
    {
        using var timeout = TestTimeouts.ForTool();
        return new RenderedChart(await HelmCli.TemplateAsync(Values(workerMode, eventGrid), timeout.Token));
    }
}
