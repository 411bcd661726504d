using System.Text.Json;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>One item's input: a JSON value, or the name of a blob in the input container.</summary>
public readonly record struct ItemInput(JsonElement Value, string? BlobName);
