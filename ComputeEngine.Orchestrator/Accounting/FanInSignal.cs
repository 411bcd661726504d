using ComputeEngine.ServiceDefaults.Storage;
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
        var now = clock.GetUtcNow();
        var previous = Interlocked.Exchange(ref _attentiveUntilTicks, (now + options.Value.FanInAttentiveFor).UtcTicks);

        // Only a listener that was not attentive can be in a long pause; an attentive one polls again within its minimum.
        if (previous <= now.UtcTicks)
        {
            Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();
        }
    }

    /// <summary>
    /// Waits after an empty poll: the backoff's minimum while attentive, else its next step, cut short if
    /// work goes out meanwhile.
    /// </summary>
    public async Task PauseAsync(PollingBackoff backoff, CancellationToken cancellationToken)
    {
        // Taken before deciding the delay, so work that goes out after the decision still ends the pause.
        var woken = Volatile.Read(ref _wake).Task;
        var delay = Attentive ? backoff.Minimum : backoff.Next();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(woken, Task.Delay(delay, clock, timer.Token));
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
