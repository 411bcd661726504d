using System.Buffers;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// A validated job to start. <paramref name="Inputs"/> is the inline inputs array as sent (valid while the
/// request's buffer lives); <paramref name="Description"/> is the input to show, when already known (a restart).
/// </summary>
public sealed record JobSpec(string InputKind, int Total, ReadOnlySequence<byte>? Inputs, string? InputPrefix, string Algorithm, int? BatchSize, string? Description = null)
{
    /// <summary>The blobs a prefix matched belong to the job (uploaded for it): its purge deletes them.</summary>
    public bool PurgeInputs { get; init; }

    /// <summary>Higher is dispatched first (<see cref="JobPriority"/>).</summary>
    public int Priority { get; init; } = JobPriority.Default;

    /// <summary>At most this many of the job's items at once; null for no limit but the fair share.</summary>
    public int? MaxParallelism { get; init; }

    /// <summary>
    /// The job's batch size: as asked, or enough batches for the autoscaler to see work; and never more items
    /// than may run at once, since a batch is dispatched whole.
    /// </summary>
    public int BatchSizeFor(OrchestratorOptions options) => Math.Min(UnlimitedBatchSizeFor(options), MaxParallelism ?? int.MaxValue);

    private int UnlimitedBatchSizeFor(OrchestratorOptions options) => BatchSize
        ?? (Total < 0
            ? Math.Min(10, options.MaxBatchSize)
            : Math.Clamp((Total + options.MinMessagesPerJob - 1) / options.MinMessagesPerJob, 1, options.MaxBatchSize));
}

/// <summary>A rejected start request: the HTTP status and what to fix.</summary>
public sealed record StartError(int Status, string Title, string Detail);
