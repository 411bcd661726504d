namespace ComputeEngine.AppHost.Scaling;

internal sealed record ScaleEvent(DateTimeOffset Time, long QueueLength, int From, int To, string Reason);

internal sealed record ScalerSnapshot(
    string Queue, ScaleSettings Settings, long? QueueLength, int Replicas, DateTimeOffset? LastPoll, IReadOnlyList<ScaleEvent> Decisions);

/// <summary>What the autoscaler last saw and decided, for the status endpoint.</summary>
internal sealed class ScalerStatus(string queue, ScaleSettings settings)
{
    private const int KeptDecisions = 50;

    private readonly Lock _lock = new();
    private readonly Queue<ScaleEvent> _decisions = new();
    private long? _queueLength;
    private int _replicas;
    private DateTimeOffset? _lastPoll;

    public void Polled(DateTimeOffset time, long queueLength, int replicas)
    {
        lock (_lock)
        {
            (_lastPoll, _queueLength, _replicas) = (time, queueLength, replicas);
        }
    }

    public void Scaled(ScaleEvent decision)
    {
        lock (_lock)
        {
            _replicas = decision.To;
            _decisions.Enqueue(decision);
            while (_decisions.Count > KeptDecisions)
            {
                _decisions.Dequeue();
            }
        }
    }

    public ScalerSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new(queue, settings, _queueLength, _replicas, _lastPoll, [.. _decisions]);
        }
    }
}
