using Azure;
using Azure.Data.Tables;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// An algorithm some worker can run, in the Workers table's catalogue partition: workers write it as they
/// start, and the orchestrator refuses a job naming an algorithm the catalogue lacks. Rows outlive the
/// replicas (KEDA may scale them all away), so the catalogue holds while no worker runs.
/// </summary>
public sealed class AlgorithmAdvert : ITableEntity
{
    /// <summary>The catalogue's partition, beside the heartbeats of <see cref="WorkerHeartbeat.Partition"/>.</summary>
    public const string Partition = "algorithms";

    /// <inheritdoc />
    public string PartitionKey { get; set; } = Partition;

    /// <summary>The algorithm's name.</summary>
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>The replica that wrote this row last.</summary>
    public string AdvertisedBy { get; set; } = "";
}
