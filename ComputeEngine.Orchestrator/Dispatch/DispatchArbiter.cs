using System.Collections.Concurrent;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Which fan-outs are in progress and at what priority: those on this replica as they run, those on
/// other replicas as the dispatch scan last saw them. A fan-out outranked by one of them narrows its window,
/// so the higher priority's batches are next on the queue. A job that has just arrived outranks, for its first
/// window, the jobs of its priority or lower that started before it (<see cref="OrchestratorOptions.NewJobPrecedence"/>):
/// a small job behind a big one is otherwise a window of the big one's batches away from the workers, and its
/// every storage request waits among theirs.
/// </summary>
public sealed class DispatchArbiter(HeaderCache headers, TimeProvider clock, IOptions<OrchestratorOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _local = new();
    private readonly ConcurrentDictionary<string, Arrival> _arrived = new();
    private volatile ConcurrentDictionary<string, int> _scanned = new();

    public void Enter(string instanceId, int priority) => _local[instanceId] = priority;

    /// <summary>A fan-out that ended here: forgotten at once, not only when the next scan no longer sees it.</summary>
    public void Leave(string instanceId)
    {
        _local.TryRemove(instanceId, out _);
        _scanned.TryRemove(instanceId, out _);
    }

    /// <summary>
    /// A job whose fan-out starts from its first batch: it takes precedence until the items of its first window
    /// are counted, it ends, or <see cref="OrchestratorOptions.NewJobPrecedence"/> has passed — whichever is first,
    /// so a job whose completions are lost holds the others back for a bounded time only.
    /// </summary>
    public void Arrived(InstanceHeader header)
    {
        var settings = options.Value;
        if (settings.NewJobPrecedence <= TimeSpan.Zero)
        {
            return;
        }

        var firstWindow = Math.Min((long)settings.DispatchWindow * header.BatchSize, header.MaxParallelism ?? int.MaxValue);
        _arrived[header.PartitionKey] = new Arrival(header.CreatedTime, header.Priority, clock.GetUtcNow() + settings.NewJobPrecedence, firstWindow);
    }

    /// <summary>The unfinished fan-outs the scan found, every replica's.</summary>
    public void Seen(IEnumerable<KeyValuePair<string, int>> unfinished) => _scanned = new(unfinished);

    public bool Outranked(string instanceId, int priority, DateTimeOffset created) =>
        _local.Any(j => j.Key != instanceId && j.Value > priority)
        || _scanned.Any(j => j.Key != instanceId && j.Value > priority)
        || PrecededByNewer(instanceId, priority, created);

    private bool PrecededByNewer(string instanceId, int priority, DateTimeOffset created)
    {
        var preceded = false;
        foreach (var (id, arrival) in _arrived)
        {
            if (!StillArriving(id, arrival))
            {
                _arrived.TryRemove(id, out _);
            }
            else if (id != instanceId && arrival.Priority >= priority && arrival.Created > created)
            {
                preceded = true;
            }
        }

        return preceded;
    }

    // The header as the fan-in last wrote it here; when this replica does not count the job (no recent copy),
    // only the time limit ends its precedence.
    private bool StillArriving(string instanceId, Arrival arrival)
    {
        if (clock.GetUtcNow() >= arrival.Until)
        {
            return false;
        }

        return headers.Get(instanceId) is not { } header
            || (header.RuntimeStatus == RuntimeStatus.Running
                && header.Succeeded + header.Failed < arrival.FirstWindowItems
                && !(header.FanOutComplete && header.Outstanding == 0));
    }

    private sealed record Arrival(DateTimeOffset Created, int Priority, DateTimeOffset Until, long FirstWindowItems);
}
