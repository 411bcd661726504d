using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// How much the fan-in has counted of one job lately, from the headers its fan-out looks at: the window holds what
/// was counted in the last <see cref="OrchestratorOptions.DispatchWindowTime"/>, so it keeps pace with whatever the
/// workers and storage manage instead of a fixed number of batches. What was counted, not a rate extrapolated from
/// a moment: the fan-in counts in bursts (32 completions, 3,200 items, at once), and a window grown from half a
/// second of one burst put a whole 30,000-item job on the queue ahead of a small one (FairShareTests: 32 s).
/// </summary>
public sealed class DrainRate(TimeProvider clock, TimeSpan span)
{
    private readonly Queue<(DateTimeOffset At, long Counted)> _samples = new();

    public void Observe(InstanceHeader header)
    {
        var now = clock.GetUtcNow();
        _samples.Enqueue((now, (long)header.Succeeded + header.Failed));
        while (now - _samples.Peek().At > span)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Items counted between the oldest look within the last <c>span</c> and the newest; zero before two looks.</summary>
    public long CountedLately => _samples.Count < 2 ? 0 : Math.Max(_samples.Last().Counted - _samples.Peek().Counted, 0);
}
