using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator;

/// <summary>
/// Samples what only storage knows — queue lengths, live workers, jobs by status — every few seconds
/// and publishes it as observable gauges, so one scrape explains throughput.
/// </summary>
public sealed class MetricsSampler(StorageClients storage, TimeProvider clock, ILogger<MetricsSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _workQueue;
    private long _completionQueue;
    private int _workers;
    private Dictionary<string, int> _jobs = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        OrchestratorTelemetry.Meter.CreateObservableGauge("computeengine.queue.length", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _workQueue), new KeyValuePair<string, object?>("queue", StorageNames.WorkQueue)),
            new Measurement<long>(Interlocked.Read(ref _completionQueue), new KeyValuePair<string, object?>("queue", StorageNames.CompletionQueue)),
        }, "{message}", "Approximate messages in the queues.");
        OrchestratorTelemetry.Meter.CreateObservableGauge("computeengine.workers.active", () => Volatile.Read(ref _workers), "{worker}", "Workers with a fresh heartbeat.");
        OrchestratorTelemetry.Meter.CreateObservableGauge("computeengine.jobs", () => Volatile.Read(ref _jobs)
            .Select(j => new Measurement<int>(j.Value, new KeyValuePair<string, object?>("status", j.Key))), "{job}", "Jobs by runtime status.");

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.MetricsSampleFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _workQueue, await storage.QueueLengthAsync(StorageNames.WorkQueue, cancellationToken));
        Interlocked.Exchange(ref _completionQueue, await storage.QueueLengthAsync(StorageNames.CompletionQueue, cancellationToken));
        var workers = (await LiveWorkers.ReadAsync(storage, clock.GetUtcNow(), cancellationToken)).Count;
        Volatile.Write(ref _workers, workers);
        var jobs = RuntimeStatus.All.ToDictionary(s => s, _ => 0);
        await foreach (var header in storage.Table(StorageNames.InstancesTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {""}"), select: [InstanceColumns.RuntimeStatus], cancellationToken: cancellationToken))
        {
            if (header.GetString(InstanceColumns.RuntimeStatus) is { } status && jobs.TryGetValue(status, out var count))
            {
                jobs[status] = count + 1;
            }
        }

        Volatile.Write(ref _jobs, jobs);
    }
}
