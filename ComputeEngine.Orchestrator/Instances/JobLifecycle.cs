using System.Text.Json;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>The rules that move a job between states, applied to a header before it is written.</summary>
public static class JobLifecycle
{
    public const int MaxErrorsKept = 10;
    private const int MaxHistoryEvents = 100;

    // A Table property holds 32K characters, and JSON writes a non-ASCII character as six: history and
    // errors are bounded by their serialized length, so the header (and the summary, which repeats the
    // errors) can always be written and a job can always be managed and finished.
    private const int MaxHistoryChars = 16_000;
    private const int MaxErrorsChars = 12_000;
    private const int MaxTextChars = MaxErrorsChars / MaxErrorsKept;
    private const string TruncatedEvent = "HistoryTruncated";

    /// <summary>Ends a running job whose items are all counted: Completed if none failed, else Failed.</summary>
    public static bool TryFinish(InstanceHeader header, DateTimeOffset now)
    {
        if (header.RuntimeStatus != RuntimeStatus.Running || !header.AllItemsDone || header.RewindPending)
        {
            return false;
        }

        header.RuntimeStatus = header.Failed == 0 ? RuntimeStatus.Completed : RuntimeStatus.Failed;
        header.Output = JsonSerializer.Serialize(Summary(header), ApiJsonContext.Default.JobSummary);
        AddHistory(header, new HistoryEvent(header.Failed == 0 ? "ExecutionCompleted" : "ExecutionFailed", now, header.Name));
        return true;
    }

    public static JobSummary Summary(InstanceHeader header) => new(
        header.Total,
        header.Succeeded,
        header.Failed,
        StorageNames.OutputContainer,
        header.PartitionKey + "/",
        Errors(header));

    public static JobProgress Progress(InstanceHeader header, int? stillRunning = null) => new(
        header.Total,
        header.DispatchedItems,
        header.Succeeded,
        header.Failed,
        header.Priority,
        header.MaxParallelism,
        stillRunning);

    public static List<ItemError> Errors(InstanceHeader header) =>
        header.Errors is null ? [] : JsonSerializer.Deserialize(header.Errors, OrchestratorJsonContext.Default.ListItemError) ?? [];

    public static void AddErrors(InstanceHeader header, IEnumerable<ItemError> errors)
    {
        var kept = Errors(header);
        if (kept.Count >= MaxErrorsKept)
        {
            return;
        }

        kept.AddRange(errors.Take(MaxErrorsKept - kept.Count).Select(e => e with { Error = e.Error is null ? null : Bound(e.Error) }));
        header.Errors = JsonSerializer.Serialize(kept, OrchestratorJsonContext.Default.ListItemError);
    }

    public static List<HistoryEvent> History(InstanceHeader header) =>
        header.History is null ? [] : JsonSerializer.Deserialize(header.History, ApiJsonContext.Default.ListHistoryEvent) ?? [];

    /// <summary>
    /// Appends an event; past the count or size bound the oldest events after the first are dropped and
    /// counted in a <c>HistoryTruncated</c> event that takes their place.
    /// </summary>
    public static void AddHistory(InstanceHeader header, HistoryEvent historyEvent)
    {
        var history = History(header);
        history.Add(historyEvent with { Reason = historyEvent.Reason is { } reason ? Bound(reason) : null });
        var serialized = JsonSerializer.Serialize(history, ApiJsonContext.Default.ListHistoryEvent);
        while ((history.Count > MaxHistoryEvents || serialized.Length > MaxHistoryChars) && history.Count > 3)
        {
            var oldest = history[1].EventType == TruncatedEvent ? 2 : 1;
            var dropped = history[oldest];
            history.RemoveAt(oldest);
            header.HistoryDropped++;
            history.RemoveAll(e => e.EventType == TruncatedEvent);
            history.Insert(1, new HistoryEvent(TruncatedEvent, dropped.Timestamp, Reason: $"{header.HistoryDropped} earlier events dropped to keep the history within its size limit"));
            serialized = JsonSerializer.Serialize(history, ApiJsonContext.Default.ListHistoryEvent);
        }

        header.History = serialized;
    }

    private static string Bound(string text) => EscapedText.Cut(text, int.MaxValue, MaxTextChars);
}
