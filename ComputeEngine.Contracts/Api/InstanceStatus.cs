using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Contracts.Api;

/// <summary>A job's status, shaped like Durable Functions' status query response.</summary>
/// <param name="Name">The orchestrator function's name.</param>
/// <param name="InstanceId">The job's id.</param>
/// <param name="RuntimeStatus">One of <see cref="Api.RuntimeStatus"/>.</param>
/// <param name="Input">The job's input, when asked for with <c>showInput</c>; written as null otherwise.</param>
/// <param name="CustomStatus">Live progress.</param>
/// <param name="Output">The summary of a finished job; null before.</param>
/// <param name="CreatedTime">When the job was accepted, to the second as Durable Functions writes it.</param>
/// <param name="LastUpdatedTime">When the job last changed.</param>
/// <param name="HistoryEvents">The lifecycle events, when asked for with <c>showHistory</c>.</param>
public sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JobProgress? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JobSummary? Output,
    [property: JsonConverter(typeof(DurableTimeConverter))] DateTimeOffset CreatedTime,
    [property: JsonConverter(typeof(DurableTimeConverter))] DateTimeOffset LastUpdatedTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HistoryEvent>? HistoryEvents = null);

/// <summary>A job's <c>customStatus</c>: live progress.</summary>
/// <param name="Total">Item count; negative while a blob-prefix job is still listing its inputs.</param>
/// <param name="Dispatched">Items put on the work queue.</param>
/// <param name="Succeeded">Items counted succeeded.</param>
/// <param name="Failed">Items counted failed.</param>
/// <param name="Priority">The job's priority (higher first).</param>
/// <param name="MaxParallelism">The most batches of the job dispatched at once, when set.</param>
/// <param name="StillRunning">For a suspended or terminated job: its items workers still run (they finish or are cancelled within seconds).</param>
public sealed record JobProgress(
    int Total,
    int Dispatched,
    int Succeeded,
    int Failed,
    int Priority = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxParallelism = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StillRunning = null);

/// <summary>A finished job's <c>output</c>.</summary>
/// <param name="Total">Item count.</param>
/// <param name="Succeeded">Items that succeeded.</param>
/// <param name="Failed">Items that failed.</param>
/// <param name="OutputContainer">The blob container of the outputs.</param>
/// <param name="OutputPrefix">The blob name prefix of the job's outputs.</param>
/// <param name="Errors">The first failed items.</param>
public sealed record JobSummary(int Total, int Succeeded, int Failed, string? OutputContainer, string? OutputPrefix, IReadOnlyList<ItemError>? Errors);

/// <summary>One failed item in a job's summary.</summary>
/// <param name="ItemId">The item's index.</param>
/// <param name="Error">Its last error.</param>
/// <param name="Attempts">Attempts it took.</param>
public sealed record ItemError(int ItemId, string? Error, int Attempts);

/// <summary>One lifecycle event of a job; Durable Functions spells <c>historyEvents</c> entries in PascalCase.</summary>
/// <param name="EventType">What happened, e.g. <c>ExecutionStarted</c>.</param>
/// <param name="Timestamp">When.</param>
/// <param name="FunctionName">The orchestrator function, on the start event.</param>
/// <param name="Reason">Why, when a user or the engine gave a reason.</param>
public sealed record HistoryEvent(
    [property: JsonPropertyName("EventType")] string EventType,
    [property: JsonPropertyName("Timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("FunctionName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FunctionName = null,
    [property: JsonPropertyName("Reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
