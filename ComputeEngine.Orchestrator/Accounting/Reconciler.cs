using Azure.Data.Tables;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Finds Running jobs that are fanned out, have no rewind pending and have not progressed for
/// <see cref="OrchestratorOptions.ReconcileAfter"/>, and recounts their item rows: a lost completion would
/// otherwise leave such a job Running for good. Jobs that progress are filtered out by the query itself.
/// </summary>
public sealed class Reconciler(
    InstanceStore store,
    Recounter recounter,
    TimeProvider clock,
    IOptions<OrchestratorOptions> options,
    ILogger<Reconciler> logger) : BackgroundService
{
    // A job stalled on long items is looked at again less and less often, never less than this often.
    private static readonly TimeSpan MaxLookInterval = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Look> _looks = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ReconcileScanInterval, clock, stoppingToken);
                await ScanAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReconcileScanFailed(logger, e);
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stalled = await StalledAsync(now - options.Value.ReconcileAfter, cancellationToken);
        foreach (var gone in _looks.Keys.Where(id => !stalled.ContainsKey(id)).ToList())
        {
            _looks.Remove(gone);
        }

        foreach (var (instanceId, lastUpdated) in stalled)
        {
            var previous = _looks.GetValueOrDefault(instanceId);
            var unchanged = previous is not null && previous.LastUpdated == lastUpdated;
            if (unchanged && now < previous!.Next)
            {
                continue;
            }

            try
            {
                await recounter.RecountAsync(instanceId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ReconcileFailed(logger, instanceId, e);
            }

            // Found nothing (its items still run) or counted something (its header moved on): either way, wait.
            var wait = unchanged ? TimeSpan.FromTicks(Math.Min(previous!.Wait.Ticks * 2, MaxLookInterval.Ticks)) : options.Value.ReconcileAfter;
            _looks[instanceId] = new Look(lastUpdated, now + wait, wait);
        }
    }

    private async Task<Dictionary<string, DateTimeOffset>> StalledAsync(DateTimeOffset quietSince, CancellationToken cancellationToken)
    {
        // Housekeeping, not part of any job's trace.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {""} and RuntimeStatus eq {RuntimeStatus.Running} and FanOutComplete eq true and RewindPending eq false and LastUpdatedTime lt {quietSince}");
        var stalled = new Dictionary<string, DateTimeOffset>();
        await foreach (var header in store.Table.QueryAsync<InstanceHeader>(filter, select: ["PartitionKey", "LastUpdatedTime"], cancellationToken: cancellationToken))
        {
            stalled[header.PartitionKey] = header.LastUpdatedTime;
        }

        return stalled;
    }

    private sealed record Look(DateTimeOffset LastUpdated, DateTimeOffset Next, TimeSpan Wait);
}
