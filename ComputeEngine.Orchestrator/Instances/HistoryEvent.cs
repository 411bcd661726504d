using System.Text.Json.Serialization;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>One lifecycle event of a job; Durable Functions spells <c>historyEvents</c> entries in PascalCase.</summary>
public sealed record HistoryEvent(
    [property: JsonPropertyName("EventType")] string EventType,
    [property: JsonPropertyName("Timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("FunctionName")] string? FunctionName = null,
    [property: JsonPropertyName("Reason")] string? Reason = null);

/// <summary>One failed item in a job's summary.</summary>
public sealed record ItemError(int ItemId, string Error, int Attempts);
