using System.Text.Json;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>A validated job to start.</summary>
public sealed record JobSpec(string InputKind, int Total, JsonElement? Inputs, string? InputPrefix, string Algorithm, int? BatchSize);

/// <summary>A rejected start request: the HTTP status and what to fix.</summary>
public sealed record StartError(int Status, string Title, string Detail);
