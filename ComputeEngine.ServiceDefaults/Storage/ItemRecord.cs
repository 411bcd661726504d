using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// One item's row in the Items table: created by the worker's first claim of the item's batch, claimed
/// and settled under ETag concurrency, read by the items API. An item without a row is pending.
/// </summary>
public sealed class ItemRecord : ITableEntity
{
    /// <summary>
    /// The longest input (in characters) kept in <see cref="Input"/>; Table string properties hold 32K
    /// characters, and the fan-out sends any batch with a longer input by claim check instead.
    /// </summary>
    public const int MaxInputChars = 8 * 1024;

    /// <inheritdoc />
    public string PartitionKey { get; set; } = "";

    /// <inheritdoc />
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>One of <see cref="ItemStatus"/>.</summary>
    public string Status { get; set; } = ItemStatus.Pending;

    /// <summary>How many times a worker claimed the item; a crash mid-item counts.</summary>
    public int Attempts { get; set; }

    /// <summary>The item's input as JSON, when small enough to keep in the row.</summary>
    public string? Input { get; set; }

    /// <summary>A blob holding the JSON array of the whole batch's inputs, when the batch went by claim check.</summary>
    public string? InputBatchBlob { get; set; }

    /// <summary>A blob (in the input container) that is this item's input.</summary>
    public string? InputBlob { get; set; }

    /// <summary>The worker that last claimed the item.</summary>
    public string? Worker { get; set; }

    /// <summary>
    /// The queue message whose claim the item runs under. A copy of the batch's message (another id)
    /// leaves a running item to it; the same message delivered again means its holder died.
    /// </summary>
    public string? ClaimMessage { get; set; }

    /// <summary>When the item was enqueued.</summary>
    public DateTimeOffset? EnqueuedAt { get; set; }

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the first attempt started: queue wait ends here, and retry backoff starts.</summary>
    public DateTimeOffset? FirstStartedAt { get; set; }

    /// <summary>The time between one attempt's end and the next one's start, summed: retry backoff, not queue wait.</summary>
    public double? BackoffMilliseconds { get; set; }

    /// <summary>The last attempts as JSON, bounded by <see cref="Contracts.Storage.AttemptLog"/>.</summary>
    public string? AttemptLog { get; set; }

    /// <summary>When the item reached a final status.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Run time of the last attempt in milliseconds.</summary>
    public double? RunMilliseconds { get; set; }

    /// <summary>The last error, for a failed or retried item.</summary>
    public string? Error { get; set; }

    /// <summary>The blob (in the output container) holding the output.</summary>
    public string? OutputBlob { get; set; }

    /// <summary>Where the output's bytes start in <see cref="OutputBlob"/>.</summary>
    public long? OutputOffset { get; set; }

    /// <summary>How many bytes the output takes in <see cref="OutputBlob"/>.</summary>
    public long? OutputLength { get; set; }

    /// <summary>The item's index in its job.</summary>
    public int Index => ItemKeys.Index(RowKey);
}
