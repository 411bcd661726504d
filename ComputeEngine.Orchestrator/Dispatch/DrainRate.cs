using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// How fast the fan-in has been counting one job's items lately, from the headers its fan-out looks at: the
/// window holds that rate times <see cref="OrchestratorOptions.DispatchWindowTime"/>, so it keeps pace with
/// whatever the workers and storage manage instead of a fixed number of batches.
/// </summary>
public sealed class DrainRate(TimeProvider clock, TimeSpan span)
{
    // Shorter than this, a rate is mostly the noise of when completions happened to be counted.
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);
    private readonly Queue<(DateTimeOffset At, long Counted)> _samples = new();

    public void Observe(InstanceHeader header)
    {
        var now = clock.GetUtcNow();
        _samples.Enqueue((now, (long)header.Succeeded + header.Failed));
        while (_samples.Count > 2 && now - _samples.Peek().At > span)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Items counted per second over the last <c>span</c>; zero until it has seen enough.</summary>
    public double ItemsPerSecond
    {
        get
        {
            if (_samples.Count < 2)
            {
                return 0;
            }

            var (first, last) = (_samples.Peek(), _samples.Last());
            var elapsed = last.At - first.At;
            return elapsed < Shortest ? 0 : Math.Max(last.Counted - first.Counted, 0) / elapsed.TotalSeconds;
        }
    }
}
