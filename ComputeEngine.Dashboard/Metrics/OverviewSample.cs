using ComputeEngine.Dashboard.Cluster;
using ComputeEngine.Dashboard.Orchestrator;
using ComputeEngine.Dashboard.Storage;

namespace ComputeEngine.Dashboard.Metrics;

/// <summary>One reading of the whole system, taken by <see cref="LiveSampler"/> and pushed to open pages.</summary>
public sealed record OverviewSample(
    DateTimeOffset Time,
    QueueLengths? Queues,
    IReadOnlyList<WorkerView> Workers,
    ClusterSnapshot Cluster,
    IReadOnlyList<InstanceStatus>? ActiveJobs,
    double? ItemsPerSecond,
    string? StorageError,
    string? JobsError = null)
{
    public int WorkersRunning => Workers.Count(w => w.Liveness == WorkerLiveness.Running);

    public int WorkersDraining => Workers.Count(w => w.Liveness == WorkerLiveness.Draining);

    /// <summary>Replicas the launcher started that have not yet reported (or are not yet ready).</summary>
    public int WorkersStarting => Cluster.Starting;

    /// <summary>Ready machines; locally always one.</summary>
    public int Nodes => Cluster.ReadyNodes;

    /// <summary>The numbers the charts draw, without the lists: the history keeps minutes of these.</summary>
    public ChartSample ToChart() => new(
        Time, Queues?.Work, WorkersRunning, WorkersStarting, Cluster.Mode == ClusterMode.Standalone ? null : Nodes, ItemsPerSecond);
}

/// <summary>One reading as the overview's charts need it.</summary>
public sealed record ChartSample(DateTimeOffset Time, long? QueueLength, int WorkersRunning, int WorkersStarting, int? Nodes, double? ItemsPerSecond);
