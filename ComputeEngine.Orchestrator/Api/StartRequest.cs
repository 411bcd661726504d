using System.Text.Json;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>The JSON body of a start request (the orchestration's input).</summary>
public sealed record StartRequest(
    JsonElement? Inputs = null,
    int? InputCount = null,
    string? InputBlobPrefix = null,
    string? Algorithm = null,
    int? BatchSize = null);
