namespace ComputeEngine.Contracts.Storage;

/// <summary>One attempt of one item, as its item row's <c>AttemptLog</c> column keeps it.</summary>
/// <param name="Number">The attempt's number, from 1; older attempts may have been dropped from the log.</param>
/// <param name="Worker">The worker that ran it.</param>
/// <param name="StartedTime">When the worker claimed the item.</param>
/// <param name="EndedTime">When the attempt's outcome was written; null for an attempt whose worker stopped mid-item.</param>
/// <param name="Outcome">One of <see cref="AttemptOutcome"/>.</param>
/// <param name="RunMilliseconds">How long the algorithm ran.</param>
/// <param name="Error">The error's one-line summary.</param>
/// <param name="Detail">A bounded stack trace, or the tail of a process algorithm's stderr.</param>
public sealed record ItemAttempt(
    int Number,
    DateTimeOffset StartedTime,
    string Outcome,
    string? Worker = null,
    DateTimeOffset? EndedTime = null,
    double? RunMilliseconds = null,
    string? Error = null,
    string? Detail = null);

/// <summary>How an attempt ended.</summary>
public static class AttemptOutcome
{
    /// <summary>Succeeded: the output is written.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>Failed, and retried later.</summary>
    public const string Retried = "Retried";

    /// <summary>Failed for good: permanent, or the last attempt.</summary>
    public const string Failed = "Failed";

    /// <summary>The worker stopped mid-item (crashed, killed); another claimed the item after it.</summary>
    public const string Abandoned = "Abandoned";
}
