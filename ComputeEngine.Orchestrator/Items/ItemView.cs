using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Items;

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
    string? InputBlob,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Input = null)
{
    /// <summary>When the first attempt started: the queue wait is the time before it.</summary>
    public DateTimeOffset? FirstStartedTime { get; init; }

    /// <summary>Time between attempts (retry backoff), which the queue wait does not include.</summary>
    public double? BackoffMilliseconds { get; init; }

    /// <summary>Every kept attempt, oldest first; only when one item is read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ItemAttempt>? AttemptLog { get; init; }
}

/// <summary>Where an item's output can be read: alone through the API, or in its batch's blob.</summary>
public sealed record ItemOutputRef(string Uri, string Blob, long Offset, long Length);

/// <summary>A page of items, with the job's scheduling settings that decide how they run.</summary>
public sealed record ItemPage(IReadOnlyList<ItemView> Items, string? ContinuationToken)
{
    public int Priority { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxParallelism { get; init; }
}

