using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>How claiming a batch's items went.</summary>
public abstract record ClaimOutcome
{
    /// <summary>
    /// <paramref name="Claims"/> are this pass's to run now; <paramref name="Waiting"/> are open items it
    /// claims in later waves, as the claim budget allows; the exhausted ones were given up in the same write.
    /// </summary>
    public sealed record Claimed(
        Dictionary<int, ItemRecord> Batch, List<ItemRecord> Exhausted, List<ItemRecord> Claims, Queue<ItemRecord> Waiting) : ClaimOutcome;

    /// <summary>Another worker wrote the rows between this one's read and write.</summary>
    public sealed record Conflict : ClaimOutcome;

    /// <summary>The job was purged, or terminated before this batch started: rows this claim created are deleted again.</summary>
    public sealed record JobGone : ClaimOutcome;

    /// <summary>Items run under another, live message's claim: this message is a copy.</summary>
    public sealed record HeldElsewhere : ClaimOutcome;
}
