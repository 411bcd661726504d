using System.Collections.Concurrent;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Which fan-outs are in progress and at what priority: those on this replica as they run, those on
/// other replicas as the dispatch scan last saw them. A fan-out outranked by one of them narrows its window,
/// so the higher priority's batches are next on the queue.
/// </summary>
public sealed class DispatchArbiter
{
    private readonly ConcurrentDictionary<string, int> _local = new();
    private volatile ConcurrentDictionary<string, int> _scanned = new();

    public void Enter(string instanceId, int priority) => _local[instanceId] = priority;

    /// <summary>A fan-out that ended here: forgotten at once, not only when the next scan no longer sees it.</summary>
    public void Leave(string instanceId)
    {
        _local.TryRemove(instanceId, out _);
        _scanned.TryRemove(instanceId, out _);
    }

    /// <summary>The unfinished fan-outs the scan found, every replica's.</summary>
    public void Seen(IEnumerable<KeyValuePair<string, int>> unfinished) => _scanned = new(unfinished);

    public bool Outranked(string instanceId, int priority) =>
        _local.Any(j => j.Key != instanceId && j.Value > priority) || _scanned.Any(j => j.Key != instanceId && j.Value > priority);
}
