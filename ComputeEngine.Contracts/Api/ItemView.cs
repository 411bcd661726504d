using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Contracts.Api;

/// <summary>One item as the items API shows it.</summary>
/// <param name="ItemId">The item's index in the job.</param>
/// <param name="Status">One of <see cref="ItemStatus"/>.</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="Worker">The worker of the last attempt.</param>
/// <param name="EnqueuedTime">When its batch was put on the queue.</param>
/// <param name="StartedTime">When the last attempt started.</param>
/// <param name="FinishedTime">When it ended.</param>
/// <param name="QueueWaitMilliseconds">Time from enqueue to the first attempt.</param>
/// <param name="RunMilliseconds">Run time of the last attempt.</param>
/// <param name="Error">The last error.</param>
/// <param name="Output">Where its output is, once succeeded.</param>
/// <param name="InputBlob">The input's blob, for a blob-prefix job.</param>
/// <param name="Input">The item's input; only when one item is read.</param>
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
/// <param name="Uri">The item's output route.</param>
/// <param name="Blob">The blob holding it.</param>
/// <param name="Offset">Its first byte in the blob.</param>
/// <param name="Length">Its length in bytes.</param>
public sealed record ItemOutputRef(string Uri, string Blob, long Offset, long Length);

/// <summary>A page of items, with the job's scheduling settings that decide how they run.</summary>
/// <param name="Items">The items, in index order.</param>
/// <param name="ContinuationToken">The next page's token; null on the last page.</param>
public sealed record ItemPage(IReadOnlyList<ItemView> Items, string? ContinuationToken)
{
    /// <summary>The job's priority.</summary>
    public int Priority { get; init; }

    /// <summary>The job's parallelism cap, when set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxParallelism { get; init; }
}
