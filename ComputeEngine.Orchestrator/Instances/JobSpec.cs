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
}

/// <summary>A rejected start request: the HTTP status and what to fix.</summary>
public sealed record StartError(int Status, string Title, string Detail);
