namespace ComputeEngine.Worker.Processing;

/// <summary>What this replica is doing, for its heartbeat.</summary>
public sealed class WorkerActivity
{
    private int _running;
    private long _done;
    private long _failed;

    public int Running => Volatile.Read(ref _running);

    public long Done => Interlocked.Read(ref _done);

    public long Failed => Interlocked.Read(ref _failed);

    public string? CurrentInstanceId { get; private set; }

    public int? CurrentItemId { get; private set; }

    public bool Draining { get; set; }

    public void Started(string instanceId, int itemId)
    {
        Interlocked.Increment(ref _running);
        (CurrentInstanceId, CurrentItemId) = (instanceId, itemId);
    }

    public void Finished(bool succeeded)
    {
        Interlocked.Decrement(ref _running);
        Interlocked.Increment(ref _done);
        if (!succeeded)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
