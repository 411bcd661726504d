namespace ComputeEngine.Cli.Watching;

/// <summary>Items per second over a sliding window, so the rate follows the job's current pace rather than its average.</summary>
public sealed class RateMeter(TimeSpan window)
{
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromMilliseconds(500);
    private readonly Queue<(TimeSpan At, int Done)> _samples = new();

    public RateMeter()
        : this(TimeSpan.FromSeconds(10))
    {
    }

    /// <summary>Records that <paramref name="done"/> items were done at <paramref name="at"/>; returns the rate, or null until there is enough to tell.</summary>
    public double? Add(TimeSpan at, int done)
    {
        _samples.Enqueue((at, done));
        while (_samples.Count > 2 && at - _samples.Peek().At > window)
        {
            _samples.Dequeue();
        }

        var (firstAt, firstDone) = _samples.Peek();
        var span = at - firstAt;
        return span < MinimumSpan ? null : Math.Max(0, done - firstDone) / span.TotalSeconds;
    }
}
