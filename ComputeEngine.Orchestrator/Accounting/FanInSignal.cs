using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Whether completions are expected soon: set when this replica sends work or counts completions. The
/// <see cref="CompletionListener"/> polls at its minimum delay while it is set, and a backed-off listener
/// is woken the moment work goes out, so a short job is not kept waiting by an idle-time poll.
/// </summary>
public sealed class FanInSignal(IOptions<OrchestratorOptions> options, TimeProvider clock)
{
    private long _attentiveUntilTicks;
    private TaskCompletionSource _wake = NewWake();

    public bool Attentive => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _attentiveUntilTicks);

    public void WorkInFlight()
    {
        var until = (clock.GetUtcNow() + options.Value.FanInAttentiveFor).UtcTicks;
        var seen = Interlocked.Read(ref _attentiveUntilTicks);
        while (seen < until)
        {
            var previous = Interlocked.CompareExchange(ref _attentiveUntilTicks, until, seen);
            if (previous == seen)
            {
                Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Waits for <paramref name="delay"/>, or less if work goes out meanwhile.</summary>
    public async Task PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = Volatile.Read(ref _wake).Task;
        await Task.WhenAny(woken, Task.Delay(delay, clock, timer.Token));
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
