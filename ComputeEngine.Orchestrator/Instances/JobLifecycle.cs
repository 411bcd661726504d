using System.Text.Json;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>The rules that move a job between states, applied to a header before it is written.</summary>
public static class JobLifecycle
{
    public const int MaxErrorsKept = 10;
    private const int MaxHistoryEvents = 100;

    /// <summary>Ends a running job whose items are all counted: Completed if none failed, else Failed.</summary>
    public static bool TryFinish(InstanceHeader header, DateTimeOffset now)
    {
        if (header.RuntimeStatus != RuntimeStatus.Running || !header.AllItemsDone || header.RewindPending)
        {
            return false;
        }

        header.RuntimeStatus = header.Failed == 0 ? RuntimeStatus.Completed : RuntimeStatus.Failed;
        header.Output = JsonSerializer.Serialize(Summary(header), OrchestratorJsonContext.Default.JobSummary);
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

    public static JobProgress Progress(InstanceHeader header) => new(
        header.Total,
        header.DispatchedItems,
        header.Succeeded,
        header.Failed);

    public static List<ItemError> Errors(InstanceHeader header) =>
        header.Errors is null ? [] : JsonSerializer.Deserialize(header.Errors, OrchestratorJsonContext.Default.ListItemError) ?? [];

    public static void AddErrors(InstanceHeader header, IEnumerable<ItemError> errors)
    {
        var kept = Errors(header);
        if (kept.Count >= MaxErrorsKept)
        {
            return;
        }

        kept.AddRange(errors.Take(MaxErrorsKept - kept.Count));
        header.Errors = JsonSerializer.Serialize(kept, OrchestratorJsonContext.Default.ListItemError);
    }

    public static List<HistoryEvent> History(InstanceHeader header) =>
        header.History is null ? [] : JsonSerializer.Deserialize(header.History, OrchestratorJsonContext.Default.ListHistoryEvent) ?? [];

    public static void AddHistory(InstanceHeader header, HistoryEvent historyEvent)
    {
        var history = History(header);
        if (history.Count >= MaxHistoryEvents)
        {
            history.RemoveAt(1);
        }

        history.Add(historyEvent);
        header.History = JsonSerializer.Serialize(history, OrchestratorJsonContext.Default.ListHistoryEvent);
    }
}

/// <summary>The <c>output</c> of a finished job.</summary>
public sealed record JobSummary(int Total, int Succeeded, int Failed, string OutputContainer, string OutputPrefix, IReadOnlyList<ItemError> Errors);

/// <summary>The <c>customStatus</c> of a job: live progress.</summary>
public sealed record JobProgress(int Total, int Dispatched, int Succeeded, int Failed);
