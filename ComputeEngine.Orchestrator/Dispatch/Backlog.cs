using Azure.Data.Tables;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// The work left in every job that wants workers, in work messages (batches): what the queue would hold if
/// the fan-out sent every job whole. The dispatch window keeps the queue short, so autoscalers read this
/// instead (KEDA's metrics-api trigger, the AppHost's scaler). One query of the job headers, shared by
/// callers within <see cref="MaxAge"/>.
/// </summary>
public sealed class Backlog(InstanceStore store, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (BacklogView View, DateTimeOffset At)? _last;

    public async Task<BacklogView> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < MaxAge)
            {
                return last.View;
            }

            var view = await QueryAsync(cancellationToken);
            _last = (view, clock.GetUtcNow());
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<BacklogView> QueryAsync(CancellationToken cancellationToken)
    {
        // Housekeeping for the scalers, not part of a job's trace.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {""} and (RuntimeStatus eq {RuntimeStatus.Pending} or RuntimeStatus eq {RuntimeStatus.Running})");
        string[] select = [nameof(InstanceHeader.Total), nameof(InstanceHeader.DispatchedItems), nameof(InstanceHeader.BatchSize),
            nameof(InstanceHeader.Succeeded), nameof(InstanceHeader.Failed), nameof(InstanceHeader.PurgeStartedAt)];
        long batches = 0, items = 0;
        var jobs = 0;
        await foreach (var header in store.Table.QueryAsync<InstanceHeader>(filter, select: select, cancellationToken: cancellationToken))
        {
            // A blob-prefix job still listing has no total yet: what it dispatched so far is known work.
            var left = Math.Max(Math.Max(header.Total, header.DispatchedItems) - header.Succeeded - header.Failed, 0);
            if (header.PurgeStartedAt is not null || left == 0)
            {
                continue;
            }

            jobs++;
            items += left;
            var batchSize = Math.Max(header.BatchSize, 1);
            batches += (left + batchSize - 1) / batchSize;
        }

        return new BacklogView(batches, items, jobs);
    }
}

/// <summary>What the autoscalers read: <see cref="Batches"/> is in the queue's unit, messages.</summary>
public sealed record BacklogView(long Batches, long Items, int Jobs);
