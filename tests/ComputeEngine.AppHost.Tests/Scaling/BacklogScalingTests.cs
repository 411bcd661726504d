using ComputeEngine.AppHost.Scaling;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.AppHost.Tests.Scaling;

/// <summary>
/// The dispatch window keeps a big job's queue short, so the queue alone would scale it to a few workers.
/// The chart adds KEDA's metrics-api trigger on the orchestrator's <c>/metrics/backlog</c>, and the AppHost's
/// scaler reads the same. KEDA's metrics-api scaler (kedacore/keda, pkg/scalers/metrics_api_scaler.go) GETs
/// <c>url</c>, reads the number at <c>valueLocation</c> (a gjson path) and gives the HPA an AverageValue target of
/// <c>targetValue</c>, i.e. ceil(value / targetValue) replicas; with several triggers the HPA takes the largest.
/// </summary>
public sealed class BacklogScalingTests : IAsyncLifetime
{
    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task A_big_job_scales_workers_to_the_maximum_although_its_queue_holds_only_its_window()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(_storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var settings = ScaleSettingsFile.Load(Path.Combine(RepositoryRoot.Path, "infra", "helm", "computeengine", "values.yaml"));
        using var http = new HttpClient();
        var backlog = new BacklogReader(http, new Uri($"http://127.0.0.1:{engine.OrchestratorPort}/"));
        var queue = new QueueLengthReader(_storage.Clients.Queue(StorageNames.WorkQueue), settings.QueueLengthStrategy);

        // No workers: the fan-out fills its window and waits.
        await client.StartCountAsync(100_000, timeout.Token);
        long queued;
        while ((queued = await queue.ReadAsync(timeout.Token)) < 24)
        {
            await Task.Delay(100, timeout.Token);
        }

        var batches = await backlog.ReadAsync(timeout.Token);
        var byQueue = ScaleRule.Next(settings, new ScalerState(0, null), queued, DateTimeOffset.UtcNow);
        var byBoth = ScaleRule.Next(settings, new ScalerState(0, null), ScaleRule.Demand(queued, batches), DateTimeOffset.UtcNow);

        Assert.Equal(1_000, batches);
        Assert.InRange(queued, 24, 25);
        Assert.True(byQueue.Next.Replicas < settings.MaxReplicaCount, byQueue.Reason);
        Assert.Equal(settings.MaxReplicaCount, byBoth.Next.Replicas);
    }

    [Fact]
    public async Task An_orchestrator_that_does_not_answer_leaves_the_queue_to_decide()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();

        var backlog = await new BacklogReader(http, new Uri($"http://127.0.0.1:{FreePorts.Next()}/")).ReadAsync(timeout.Token);

        Assert.Null(backlog);
        Assert.Equal(7, ScaleRule.Demand(7, backlog));
    }
}
