using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Items;

namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>
/// The seed's fan-in, made safe: a BlobCreated event of an output blob counts the items whose rows are
/// settled as succeeded into that blob. It is idempotent with the worker's own completion report.
/// </summary>
public sealed class BlobCreatedHandler(ItemReader items, CompletionApplier applier)
{
    public async Task<BlobCreatedResult> HandleAsync(Uri blobUrl, CancellationToken cancellationToken)
    {
        if (!OutputBlobName.TryParse(blobUrl, out var instanceId, out var batch, out var blobName))
        {
            return BlobCreatedResult.Ignored;
        }

        var rows = await items.BatchAsync(instanceId, batch, cancellationToken);
        if (rows.Any(r => ItemStatus.IsHeld(r.Status)))
        {
            // The worker writes the blob before it settles the rows: let Event Grid deliver this again later.
            return BlobCreatedResult.NotSettledYet;
        }

        var succeeded = rows.Where(r => r.Status == ItemStatus.Succeeded && r.OutputBlob == blobName).Select(r => r.Index).ToList();
        if (succeeded.Count == 0)
        {
            return BlobCreatedResult.Ignored;
        }

        // Successes hold in every generation, so generation 0 is always accepted for them.
        await applier.ApplyAsync(instanceId, [new CompletionMessage(instanceId, batch, 0, succeeded, [])], cancellationToken);
        return BlobCreatedResult.Counted;
    }
}

public enum BlobCreatedResult
{
    Counted,
    Ignored,
    NotSettledYet,
}
