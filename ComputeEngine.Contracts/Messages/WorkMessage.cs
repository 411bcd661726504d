using System.Text.Json;

namespace ComputeEngine.Contracts.Messages;

/// <summary>
/// One batch of a job's items on the work queue. Items are the indexes
/// <see cref="FirstIndex"/> to <see cref="FirstIndex"/> + <see cref="Count"/> - 1; their inputs travel
/// inline, in a claim-check blob, or as one input blob per item.
/// </summary>
/// <param name="InstanceId">The job.</param>
/// <param name="Batch">The batch number; also the item partition.</param>
/// <param name="Generation">The accounting generation; a rewind raises it so stale completions are ignored.</param>
/// <param name="Algorithm">The algorithm to run.</param>
/// <param name="FirstIndex">The index of the batch's first item.</param>
/// <param name="Count">How many items the batch holds.</param>
/// <param name="Inputs">The inputs, inline.</param>
/// <param name="InputsBlob">A blob in the input container holding the inputs as a JSON array.</param>
/// <param name="InputBlobs">Blob names in the input container, one per item, each the item's input.</param>
/// <param name="TraceParent">The W3C trace context of the job, so a job is one trace.</param>
/// <param name="EnqueuedAt">When the orchestrator sent the batch; the queue's own insertion time has whole seconds only.</param>
/// <param name="ClaimId">
/// Set when a worker re-sends a message in place of itself (a long-suspended job): the id of the message
/// it replaces, in whose name its item rows were claimed, so the re-sent copy takes over those claims
/// instead of taking them for a live holder's.
/// </param>
public sealed record WorkMessage(
    string InstanceId,
    int Batch,
    int Generation,
    string Algorithm,
    int FirstIndex,
    int Count,
    IReadOnlyList<JsonElement>? Inputs = null,
    string? InputsBlob = null,
    IReadOnlyList<string>? InputBlobs = null,
    string? TraceParent = null,
    DateTimeOffset? EnqueuedAt = null,
    string? ClaimId = null);
