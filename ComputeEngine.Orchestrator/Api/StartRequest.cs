using System.Buffers;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// The JSON body of a start request (the orchestration's input). <see cref="Inputs"/> is the inputs array as
/// sent, a slice of the request's buffer, holding <see cref="InputsLength"/> values.
/// </summary>
public sealed record StartRequest(
    ReadOnlySequence<byte>? Inputs = null,
    int InputsLength = 0,
    int? InputCount = null,
    string? InputBlobPrefix = null,
    string? Algorithm = null,
    int? BatchSize = null,
    bool PurgeInputs = false,
    int? Priority = null,
    int? MaxParallelism = null);
