using System.Text.Json;
using System.Text.Json.Serialization;

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Input = null);

/// <summary>Where an item's output can be read: alone through the API, or in its batch's blob.</summary>
public sealed record ItemOutputRef(string Uri, string Blob, long Offset, long Length);

/// <summary>A page of items.</summary>
public sealed record ItemPage(IReadOnlyList<ItemView> Items, string? ContinuationToken);

