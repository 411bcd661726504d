using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>The state changes of an item row during one pass, kept pure for tests.</summary>
public static class Settle
{
    private const int MaxErrorChars = 2048;

    public static void Claim(ItemRecord row, string worker, string message, DateTimeOffset now)
    {
        RecordAbandoned(row);
        if (row.FirstStartedAt is null)
        {
            row.FirstStartedAt = now;
        }
        else if (AttemptLog.Parse(row.AttemptLog) is [.., { EndedTime: { } ended }])
        {
            // The time since the last attempt ended is retry backoff, which the queue wait must not include.
            row.BackoffMilliseconds = (row.BackoffMilliseconds ?? 0) + Math.Max((now - ended).TotalMilliseconds, 0);
        }

        row.Status = ItemStatus.Claimed;
        row.Attempts++;
        row.Worker = worker;
        row.ClaimMessage = message;
        row.StartedAt = now;
    }

    /// <summary>
    /// Whether the row runs under another message's claim that may still be alive: its holder renews that
    /// message while it runs, and if the holder dies the message itself comes back and takes over. Past
    /// the item timeout and two visibility timeouts no live holder can be left.
    /// </summary>
    public static bool HeldByAnother(ItemRecord row, string message, DateTimeOffset now, TimeSpan itemTimeout, TimeSpan visibilityTimeout) =>
        ItemStatus.IsHeld(row.Status)
        && row.ClaimMessage is { } holder && holder != message
        && row.StartedAt is { } started && now - started < itemTimeout + (2 * visibilityTimeout);

    public static void GiveUp(ItemRecord row, DateTimeOffset now, string? reason)
    {
        RecordAbandoned(row);
        row.Status = ItemStatus.Failed;
        row.FinishedAt = now;
        row.Error = Truncate($"Gave up after {row.Attempts} attempts ({reason ?? "attempt budget spent"}). Last error: {row.Error ?? "none recorded (the worker stopped mid-item)"}");
    }

    public static void Apply(ItemRecord row, ItemOutcome outcome, OutputLocation output, DateTimeOffset now, int maxAttempts)
    {
        row.RunMilliseconds = outcome.RunMilliseconds;
        switch (outcome)
        {
            case ItemOutcome.Success:
                if (row.AttemptLog is not null)
                {
                    // A first attempt that succeeds is told by the row's own columns; a log is kept once something failed.
                    Record(row, AttemptOutcome.Succeeded, outcome.RunMilliseconds, now, null, null);
                }

                row.Status = ItemStatus.Succeeded;
                row.FinishedAt = now;
                row.Error = null;
                row.OutputBlob = output.Blob;
                row.OutputOffset = output.Offset;
                row.OutputLength = output.Length;
                break;
            case ItemOutcome.Failure failure when failure.Permanent || row.Attempts >= maxAttempts:
                Record(row, AttemptOutcome.Failed, outcome.RunMilliseconds, now, failure.Error, failure.Detail);
                row.Status = ItemStatus.Failed;
                row.FinishedAt = now;
                row.Error = Truncate(failure.Error);
                break;
            case ItemOutcome.Failure failure:
                Record(row, AttemptOutcome.Retried, outcome.RunMilliseconds, now, failure.Error, failure.Detail);
                row.Status = ItemStatus.Pending;
                row.Error = Truncate(failure.Error);
                break;
            case ItemOutcome.Released:
                // Shutting down is not the item's fault: give the attempt back.
                row.Status = ItemStatus.Pending;
                row.Attempts--;
                break;
        }
    }

    // A row still held when claimed again, or given up, lost its worker before the item settled.
    private static void RecordAbandoned(ItemRecord row)
    {
        if (ItemStatus.IsHeld(row.Status) && row.StartedAt is { } started)
        {
            row.AttemptLog = AttemptLog.Append(row.AttemptLog, new ItemAttempt(
                row.Attempts, started, AttemptOutcome.Abandoned, row.Worker, Error: row.Status == ItemStatus.Running
                    ? "The worker stopped mid-item (crashed or was killed)."
                    : "The worker stopped while it held the item claimed (crashed or was killed)."));
        }
    }

    private static void Record(ItemRecord row, string outcome, double runMilliseconds, DateTimeOffset now, string? error, string? detail) =>
        row.AttemptLog = AttemptLog.Append(row.AttemptLog, new ItemAttempt(row.Attempts, row.StartedAt ?? now, outcome, row.Worker, now, runMilliseconds, error, detail));

    private static string Truncate(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
}
