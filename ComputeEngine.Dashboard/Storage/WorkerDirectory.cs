using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Storage;

/// <summary>The worker replicas, from the heartbeats they write to the Workers table every 2 s.</summary>
public sealed class WorkerDirectory(StorageClients storage, TimeProvider time, IOptions<DashboardOptions> options)
{
    public async Task<IReadOnlyList<WorkerView>> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var shownFor = options.Value.GoneWorkersShownFor;
        var heartbeats = await LiveWorkers.ReadSinceAsync(storage, now - (shownFor > WorkerHeartbeat.FreshFor ? shownFor : WorkerHeartbeat.FreshFor), cancellationToken);
        return Select(heartbeats, now, WorkerHeartbeat.FreshFor, shownFor);
    }

    /// <summary>Live replicas first, then those gone recently; long-gone ones are left out.</summary>
    public static IReadOnlyList<WorkerView> Select(IEnumerable<WorkerHeartbeat> heartbeats, DateTimeOffset now, TimeSpan timeout, TimeSpan goneShownFor) =>
        [.. heartbeats
            .Select(h => WorkerView.From(h, now, timeout))
            .Where(w => w.IsLive || w.Age <= goneShownFor)
            .OrderBy(w => w.IsLive ? 0 : 1)
            .ThenBy(w => w.Name.Length)
            .ThenBy(w => w.Name, StringComparer.Ordinal)];
}
