using System.Collections.Concurrent;

namespace ComputeEngine.Worker.Processing;

/// <summary>What this replica is doing, for its heartbeat.</summary>
public sealed class WorkerActivity
{
    private readonly ConcurrentDictionary<string, int> _runningByJob = new();
    private int _running;
    private long _done;
    private long _failed;

    public int Running => Volatile.Read(ref _running);

    public long Done => Interlocked.Read(ref _done);

    public long Failed => Interlocked.Read(ref _failed);

    public string? CurrentInstanceId { get; private set; }

    public int? CurrentItemId { get; private set; }

    public bool Draining { get; set; }

    /// <summary>Items running now per job, for the jobs that have any.</summary>
    public Dictionary<string, int> RunningByJob() => _runningByJob.Where(j => j.Value > 0).ToDictionary();

    public void Started(string instanceId, int itemId)
    {
        Interlocked.Increment(ref _running);
        _runningByJob.AddOrUpdate(instanceId, 1, (_, count) => count + 1);
        (CurrentInstanceId, CurrentItemId) = (instanceId, itemId);
    }

    public void Finished(string instanceId, bool succeeded)
    {
        Interlocked.Decrement(ref _running);
        // A job's entry goes once nothing of it runs, so the map holds at most Concurrency jobs.
        if (_runningByJob.AddOrUpdate(instanceId, 0, (_, count) => count - 1) <= 0)
        {
            _runningByJob.TryRemove(new KeyValuePair<string, int>(instanceId, 0));
        }

        Interlocked.Increment(ref _done);
        if (!succeeded)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
