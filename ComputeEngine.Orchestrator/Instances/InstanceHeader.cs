using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// A job's header row (row key "") in the Instances table. Its partition also holds the job's
/// accounting segments, so counts and the bits that deduplicate them change in one transaction.
/// </summary>
public sealed class InstanceHeader : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = InstanceColumns.HeaderRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string RuntimeStatus { get; set; } = Contracts.Api.RuntimeStatus.Pending;
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset LastUpdatedTime { get; set; }

    /// <summary>The start request's input as JSON, for <c>showInput</c>; large input arrays are summarised.</summary>
    public string? Input { get; set; }
    public string? Output { get; set; }
    public string Algorithm { get; set; } = "";
    public string InputKind { get; set; } = Instances.InputKind.Count;
    public string? InputBlob { get; set; }
    public string? InputPrefix { get; set; }

    /// <summary>Whether the purge deletes the blobs the prefix matched (see <see cref="JobSpec.PurgeInputs"/>).</summary>
    public bool PurgeInputs { get; set; }
    public string? TraceParent { get; set; }

    /// <summary>Item count; -1 while a blob-prefix fan-out is still listing.</summary>
    public int Total { get; set; }
    public int BatchSize { get; set; }
    /// <summary>Higher is dispatched first (see <see cref="JobPriority"/>); equal priorities share the workers.</summary>
    public int Priority { get; set; } = JobPriority.Default;

    /// <summary>At most this many of the job's items dispatched and not yet counted, so at most this many run at once.</summary>
    public int? MaxParallelism { get; set; }

    public int DispatchedBatches { get; set; }
    public int DispatchedItems { get; set; }
    public bool FanOutComplete { get; set; }
    public bool RewindPending { get; set; }

    /// <summary>
    /// Raised by every rewind in the transaction that marks its items, so a re-dispatch can tell that a
    /// rewind came in after it read its targets and must look again before clearing <see cref="RewindPending"/>.
    /// </summary>
    public int Rewinds { get; set; }
    public string? DispatchOwner { get; set; }
    public DateTimeOffset? DispatchLeaseUntil { get; set; }

    public int Succeeded { get; set; }
    public int Failed { get; set; }

    /// <summary>The first errors as a JSON array of <see cref="ItemError"/>.</summary>
    public string? Errors { get; set; }

    /// <summary>Lifecycle events as a JSON array of <see cref="HistoryEvent"/>.</summary>
    public string? History { get; set; }

    /// <summary>Events dropped from <see cref="History"/> to keep it within its bounds.</summary>
    public int HistoryDropped { get; set; }

    /// <summary>When a purge began (see <see cref="InstanceColumns.PurgeStartedAt"/>); the header then reads as absent.</summary>
    public DateTimeOffset? PurgeStartedAt { get; set; }

    public bool IsFinal => Contracts.Api.RuntimeStatus.IsFinal(RuntimeStatus);

    /// <summary>Items sent to the work queue that the fan-in has not counted yet: queued, claimed or running.</summary>
    public int Outstanding => Math.Max(DispatchedItems - Succeeded - Failed, 0);

    public bool AllItemsDone => FanOutComplete && Succeeded + Failed >= Total;

    /// <summary>A copy that later changes to this header do not reach (every property is a value or an immutable string).</summary>
    public InstanceHeader Snapshot() => (InstanceHeader)MemberwiseClone();
}
