using System.Text.Json;

namespace ComputeEngine.Cli.Api;

/// <summary>The part of the start response the CLI uses.</summary>
public sealed record StartedJob(string Id, string StatusQueryGetUri);

/// <summary>A job's status, as the Durable Functions status query returns it.</summary>
public sealed record InstanceStatus(
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JobProgress? CustomStatus,
    JobSummary? Output,
    DateTimeOffset? CreatedTime,
    DateTimeOffset? LastUpdatedTime)
{
    public bool IsFinal => RuntimeStatus is RuntimeStatuses.Completed or RuntimeStatuses.Failed or RuntimeStatuses.Terminated;

    /// <summary>The blob prefix the job's inputs were read from, for a job started on uploaded files.</summary>
    public string? InputBlobPrefix =>
        Input is { ValueKind: JsonValueKind.Object } input && input.TryGetProperty("inputBlobPrefix", out var prefix) && prefix.ValueKind == JsonValueKind.String
            ? prefix.GetString()
            : null;

    public string? Algorithm =>
        Input is { ValueKind: JsonValueKind.Object } input && input.TryGetProperty("algorithm", out var algorithm) && algorithm.ValueKind == JsonValueKind.String
            ? algorithm.GetString()
            : null;
}

/// <summary>Live progress of a job (its <c>customStatus</c>); <c>Total</c> is negative while a blob prefix is still being listed.</summary>
public sealed record JobProgress(int Total, int Dispatched, int Succeeded, int Failed, int? StillRunning = null);

/// <summary>The <c>output</c> of a finished job.</summary>
public sealed record JobSummary(int Total, int Succeeded, int Failed, string? OutputContainer, string? OutputPrefix, IReadOnlyList<ItemError>? Errors);

public sealed record ItemError(int ItemId, string? Error, int Attempts);

/// <summary>A page of the items API.</summary>
public sealed record ItemPage(IReadOnlyList<ItemView> Items, string? ContinuationToken);

public sealed record ItemView(int ItemId, string Status, int Attempts, string? Error, string? InputBlob);

/// <summary>One item as <c>GET /api/instances/{id}/items/{itemId}</c> returns it.</summary>
public sealed record ItemDetail(
    int ItemId,
    string Status,
    int Attempts,
    string? Worker,
    DateTimeOffset? EnqueuedTime,
    DateTimeOffset? FirstStartedTime,
    DateTimeOffset? FinishedTime,
    double? QueueWaitMilliseconds,
    double? BackoffMilliseconds,
    double? RunMilliseconds,
    string? Error,
    string? InputBlob,
    JsonElement? Input,
    IReadOnlyList<ComputeEngine.Contracts.Storage.ItemAttempt>? AttemptLog);

/// <summary>An <c>application/problem+json</c> body.</summary>
public sealed record Problem(string? Title, string? Detail, int? Status);

public static class RuntimeStatuses
{
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";
}
