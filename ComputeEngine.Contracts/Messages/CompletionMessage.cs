namespace ComputeEngine.Contracts.Messages;

/// <summary>
/// A worker's report of every item of a batch that is final. It is sent after the item rows are settled
/// and may arrive any number of times; the orchestrator counts each item once.
/// </summary>
/// <param name="InstanceId">The job.</param>
/// <param name="Batch">The batch.</param>
/// <param name="Generation">The generation of the work message that was processed; failures of an older generation than the job's are ignored.</param>
/// <param name="Succeeded">Indexes of the succeeded items.</param>
/// <param name="Failed">The failed items with their errors.</param>
/// <param name="TraceParent">The W3C trace context of the worker's processing span.</param>
public sealed record CompletionMessage(
    string InstanceId,
    int Batch,
    int Generation,
    IReadOnlyList<int> Succeeded,
    IReadOnlyList<ItemFailure> Failed,
    string? TraceParent = null);

/// <summary>One failed item.</summary>
/// <param name="Index">The item's index.</param>
/// <param name="Error">What went wrong, truncated.</param>
/// <param name="Attempts">How many attempts were made.</param>
public sealed record ItemFailure(int Index, string Error, int Attempts);
