using ComputeEngine.Contracts.Storage;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>values.yaml's worker.scale block is the one source of the scale numbers, local and on AKS.</summary>
[Collection(DeployToolsCollection.Name)]
public sealed class ScaleSourceTests
{
    private static readonly string[] ScaleKeys =
    [
        "pollingInterval", "cooldownPeriod", "minReplicaCount", "maxReplicaCount",
        "queueLength", "activationQueueLength", "queueLengthStrategy",
    ];

    [Fact]
    public void Scale_block_has_exactly_the_keys_the_AppHost_reads()
    {
        var values = YamlNodes.LoadMapping(RepoPaths.ChartValues);

        Assert.Equal(ScaleKeys, values.At("worker.scale").Keys());
    }

    [Fact]
    public void Scale_defaults_are_the_seeds_numbers()
    {
        var scale = ChartValues.Load(RepoPaths.ChartValues).Worker.Scale;

        Assert.Equal(
            (5, 30, 0, 100, 5, 0, "all"),
            (scale.PollingInterval, scale.CooldownPeriod, scale.MinReplicaCount, scale.MaxReplicaCount,
                scale.QueueLength, scale.ActivationQueueLength, scale.QueueLengthStrategy));
    }

    [Fact]
    public void Chart_scales_on_the_queue_the_services_use() =>
        Assert.Equal(StorageNames.WorkQueue, ChartValues.Load(RepoPaths.ChartValues).Storage.WorkQueue);

    [Theory]
    [InlineData("deployment")]
    [InlineData("job")]
    public async Task Rendered_scaler_carries_the_values_yaml_numbers(string workerMode)
    {
        using var timeout = TestTimeouts.ForTool();
        var scale = ChartValues.Load(RepoPaths.ChartValues).Worker.Scale;

        var chart = new RenderedChart(await HelmCli.TemplateAsync(HelmCli.CiValues($"worker.mode={workerMode}"), timeout.Token));

        AssertScaler(chart, scale);
    }

    [Theory]
    [InlineData("deployment")]
    [InlineData("job")]
    public async Task Rendered_scaler_follows_every_scale_value(string workerMode)
    {
        using var timeout = TestTimeouts.ForTool();
        var scale = new WorkerScale
        {
            PollingInterval = 11, CooldownPeriod = 12, MinReplicaCount = 13, MaxReplicaCount = 14,
            QueueLength = 15, ActivationQueueLength = 16, QueueLengthStrategy = "visibleonly",
        };

        var chart = new RenderedChart(await HelmCli.TemplateAsync(
            HelmCli.CiValues(
                $"worker.mode={workerMode}",
                $"worker.scale.pollingInterval={scale.PollingInterval}",
                $"worker.scale.cooldownPeriod={scale.CooldownPeriod}",
                $"worker.scale.minReplicaCount={scale.MinReplicaCount}",
                $"worker.scale.maxReplicaCount={scale.MaxReplicaCount}",
                $"worker.scale.queueLength={scale.QueueLength}",
                $"worker.scale.activationQueueLength={scale.ActivationQueueLength}",
                $"worker.scale.queueLengthStrategy={scale.QueueLengthStrategy}"),
            timeout.Token));

        AssertScaler(chart, scale);
    }

    private static void AssertScaler(RenderedChart chart, WorkerScale scale)
    {
        var scaler = Assert.Single(chart.Manifests, m => m.Kind is "ScaledObject" or "ScaledJob");
        var spec = scaler.Root.At("spec");
        var trigger = Assert.Single(scaler.Root.MappingsAt("spec.triggers"), t => t.ScalarAt("type") == "azure-queue");
        // The dispatch window keeps the queue short: KEDA's metrics-api trigger reads the whole backlog, in the
        // queue's unit and with its target, so the HPA's max over both triggers is ceil(backlog / queueLength).
        // KEDA's metrics-api scaler (kedacore/keda, pkg/scalers/metrics_api_scaler.go) requires url, valueLocation
        // (a gjson path into the response) and targetValue (an AverageValue target).
        var backlog = Assert.Single(scaler.Root.MappingsAt("spec.triggers"), t => t.ScalarAt("type") == "metrics-api");
        Assert.Matches("^http://[a-z0-9-]+-orchestrator\\.[a-z0-9-]+\\.svc\\.cluster\\.local/metrics/backlog$", backlog.ScalarAt("metadata.url"));
        Assert.Equal("batches", backlog.ScalarAt("metadata.valueLocation"));
        Assert.Equal(Text(scale.QueueLength), backlog.ScalarAt("metadata.targetValue"));
        Assert.Equal(Text(scale.ActivationQueueLength), backlog.ScalarAt("metadata.activationTargetValue"));

        Assert.Equal(Text(scale.PollingInterval), spec.ScalarAt("pollingInterval"));
        Assert.Equal(Text(scale.MinReplicaCount), spec.ScalarAt("minReplicaCount"));
        Assert.Equal(Text(scale.MaxReplicaCount), spec.ScalarAt("maxReplicaCount"));
        // A ScaledJob has no cooldown: finished Jobs end on their own.
        Assert.Equal(scaler.Kind == "ScaledObject" ? Text(scale.CooldownPeriod) : null, spec.ScalarAt("cooldownPeriod"));
        Assert.Equal(Text(scale.QueueLength), trigger.ScalarAt("metadata.queueLength"));
        Assert.Equal(Text(scale.ActivationQueueLength), trigger.ScalarAt("metadata.activationQueueLength"));
        Assert.Equal(scale.QueueLengthStrategy, trigger.ScalarAt("metadata.queueLengthStrategy"));
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
