using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>The management URLs of an instance, as Durable Functions' <c>CreateCheckStatusResponse</c> returns them.</summary>
public sealed record CheckStatusResponse(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string RewindPostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri);

/// <summary>An instance's status, shaped like Durable Functions' status query response.</summary>
public sealed record InstanceStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? CustomStatus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Output,
    string CreatedTime,
    string LastUpdatedTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? HistoryEvents = null);

/// <summary>The body of a purge response.</summary>
public sealed record PurgeResult(int InstancesDeleted);
