namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// How long a consumer waits after finding its queue empty: doubling from <see cref="Minimum"/> to
/// <see cref="Maximum"/> with jitter, back to the minimum on the first message. Jitter keeps many
/// replicas from polling Azure Storage in lockstep.
/// </summary>
/// <param name="minimum">The first delay.</param>
/// <param name="maximum">The ceiling.</param>
public sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan _current = minimum;

    /// <summary>The first delay.</summary>
    public TimeSpan Minimum { get; } = minimum;

    /// <summary>The ceiling.</summary>
    public TimeSpan Maximum { get; } = maximum;

    /// <summary>The delay to wait now; each call without <see cref="Reset"/> doubles the next one.</summary>
    /// <returns>A delay between half and all of the current step.</returns>
    public TimeSpan Next()
    {
        var step = _current;
        _current = TimeSpan.FromTicks(Math.Min(Maximum.Ticks, _current.Ticks * 2));
        return TimeSpan.FromTicks(step.Ticks / 2 + Random.Shared.NextInt64(step.Ticks / 2 + 1));
    }

    /// <summary>Goes back to the minimum, after a message arrived.</summary>
    public void Reset() => _current = Minimum;
}
