namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>Durable Functions' runtime status names, as the orchestrator reports them.</summary>
public static class RuntimeStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Suspended = "Suspended";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Suspended, Completed, Failed, Terminated];

    public static IReadOnlyList<string> Active { get; } = [Pending, Running, Suspended];

    public static bool IsFinal(string status) => status is Completed or Failed or Terminated;
}

/// <summary>A job's <c>customStatus</c>: live progress.</summary>
public sealed record JobProgress(int Total, int Dispatched, int Succeeded, int Failed, int? Priority = null, int? MaxParallelism = null, int? StillRunning = null);

/// <summary>One failed item in a finished job's summary.</summary>
public sealed record ItemError(int ItemId, string Error, int Attempts);

/// <summary>A finished job's <c>output</c>.</summary>
public sealed record JobSummary(int Total, int Succeeded, int Failed, string? OutputContainer, string? OutputPrefix, IReadOnlyList<ItemError>? Errors);

/// <summary>One lifecycle event (<c>historyEvents</c>, spelled in PascalCase by the API).</summary>
public sealed record HistoryEvent(string EventType, DateTimeOffset Timestamp, string? FunctionName, string? Reason);

/// <summary>A job as the status and list endpoints return it.</summary>
public sealed record JobStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JobProgress? CustomStatus,
    JobSummary? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    IReadOnlyList<HistoryEvent>? HistoryEvents = null)
{
    /// <summary>Item count; negative while a blob-prefix job is still listing its inputs.</summary>
    public int Total => CustomStatus?.Total ?? Output?.Total ?? 0;

    public int Dispatched => CustomStatus?.Dispatched ?? 0;

    public int Succeeded => CustomStatus?.Succeeded ?? Output?.Succeeded ?? 0;

    public int Failed => CustomStatus?.Failed ?? Output?.Failed ?? 0;

    public int Done => Succeeded + Failed;

    public bool IsFinal => Orchestrator.RuntimeStatus.IsFinal(RuntimeStatus);
}

/// <summary>A page of jobs and the token of the next page.</summary>
public sealed record JobPage(IReadOnlyList<JobStatus> Jobs, string? ContinuationToken);

/// <summary>Where an item's output can be read.</summary>
public sealed record ItemOutputRef(string Uri, string Blob, long Offset, long Length);

/// <summary>One item as the items API shows it.</summary>
public sealed record ItemView(
    int ItemId,
    string Status,
    int Attempts,
    string? Worker,
    DateTimeOffset? EnqueuedTime,
    DateTimeOffset? StartedTime,
    DateTimeOffset? FinishedTime,
    double? QueueWaitMilliseconds,
    double? RunMilliseconds,
    string? Error,
    ItemOutputRef? Output,
    string? InputBlob)
{
    /// <summary>When the first attempt started; the queue wait ends there.</summary>
    public DateTimeOffset? FirstStartedTime { get; init; }

    /// <summary>Time between attempts: retry backoff, not queue wait.</summary>
    public double? BackoffMilliseconds { get; init; }

    /// <summary>The item's input; only when one item is read.</summary>
    public System.Text.Json.JsonElement? Input { get; init; }

    /// <summary>Every kept attempt, oldest first; only when one item is read.</summary>
    public IReadOnlyList<ComputeEngine.Contracts.Storage.ItemAttempt>? AttemptLog { get; init; }

    public bool IsFinal => Status is "Succeeded" or "Failed";
}

/// <summary>A page of items and the token of the next page.</summary>
public sealed record ItemPage(IReadOnlyList<ItemView> Items, string? ContinuationToken);

/// <summary>The item statuses the items API filters on.</summary>
public static class ItemStatuses
{
    public static IReadOnlyList<string> All { get; } = ["Pending", "Claimed", "Running", "Succeeded", "Failed"];
}

/// <summary>The answer to a start or restart: the new instance's id.</summary>
public sealed record StartedInstance(string Id);

/// <summary>The body of a purge.</summary>
public sealed record PurgeResult(int InstancesDeleted);

/// <summary>An <c>application/problem+json</c> body.</summary>
public sealed record Problem(string? Title, string? Detail);

/// <summary>What an action did, worded for the user.</summary>
public sealed record ActionOutcome(bool Succeeded, string Message, string? InstanceId = null);
