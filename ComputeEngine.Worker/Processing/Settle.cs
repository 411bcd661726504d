using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>The state changes of an item row during one pass, kept pure for tests.</summary>
public static class Settle
{
    private const int MaxErrorChars = 2048;

    public static void Claim(ItemRecord row, string worker, string message, DateTimeOffset now)
    {
        row.Status = ItemStatus.Running;
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
        row.Status == ItemStatus.Running
        && row.ClaimMessage is { } holder && holder != message
        && row.StartedAt is { } started && now - started < itemTimeout + (2 * visibilityTimeout);

    public static void GiveUp(ItemRecord row, DateTimeOffset now, string? reason)
    {
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
                row.Status = ItemStatus.Succeeded;
                row.FinishedAt = now;
                row.Error = null;
                row.OutputBlob = output.Blob;
                row.OutputOffset = output.Offset;
                row.OutputLength = output.Length;
                break;
            case ItemOutcome.Failure failure when failure.Permanent || row.Attempts >= maxAttempts:
                row.Status = ItemStatus.Failed;
                row.FinishedAt = now;
                row.Error = Truncate(failure.Error);
                break;
            case ItemOutcome.Failure failure:
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

    private static string Truncate(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
}
