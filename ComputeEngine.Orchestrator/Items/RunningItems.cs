using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>
/// Items running now per job, summed over the live workers' heartbeats: how a suspended or terminated job
/// is seen to stop. Read at most once per <see cref="MaxAge"/>, whatever the number of status requests.
/// </summary>
public sealed class RunningItems(StorageClients storage, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly TableClient _workers = storage.Table(StorageNames.WorkersTable);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, List<WorkerHeartbeat> Beats)? _last;

    public void Dispose() => _gate.Dispose();

    public async Task<int> OfAsync(string instanceId, CancellationToken cancellationToken)
    {
        var beats = await BeatsAsync(cancellationToken);
        return beats.Sum(b => b.RunningOf(instanceId));
    }

    private async Task<List<WorkerHeartbeat>> BeatsAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } read)
            {
                return read;
            }

            var now = clock.GetUtcNow();
            var beats = new List<WorkerHeartbeat>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WorkerHeartbeat.Partition} and LastHeartbeat ge {now - WorkerHeartbeat.FreshFor}");
            await foreach (var beat in _workers.QueryAsync<WorkerHeartbeat>(filter, cancellationToken: cancellationToken))
            {
                // A replica's last beat as it stops says Stopped: it runs nothing any more.
                if (beat.State != WorkerState.Stopped)
                {
                    beats.Add(beat);
                }
            }

            _last = (now, beats);
            return beats;
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<WorkerHeartbeat>? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < MaxAge ? last.Beats : null;
}
