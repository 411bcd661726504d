using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// Deletes everything a job left. The header is first marked (under its ETag, so a rewind or restart that
/// got in first wins and the purge is refused); from then on every other reader sees the job as gone,
/// and a worker that creates rows after the mark removes them itself. Item rows, input and output blobs
/// follow, and the header goes last, so a purge that failed half way can be repeated.
/// </summary>
public sealed class Purger(StorageClients storage, InstanceStore store, InputSource inputs, ConcurrencyRetry retry)
{
    /// <param name="keepInputs">Leave the blobs a <see cref="InstanceHeader.PurgeInputs"/> job owns: a restart under the same id runs them again.</param>
    public async Task<PurgeOutcome> PurgeAsync(string instanceId, CancellationToken cancellationToken, bool keepInputs = false)
    {
        var (header, refusal) = await retry.RunAsync(ct => MarkAsync(instanceId, ct), cancellationToken);
        if (header is null)
        {
            return refusal!;
        }

        var items = storage.Table(StorageNames.ItemsTable);
        var rows = items.QueryAsync<TableEntity>(ItemKeys.JobFilter(instanceId), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await TableBatches.DeleteAllAsync(items, rows, cancellationToken);
        await DeleteBlobsAsync(storage.Container(StorageNames.OutputContainer), instanceId + "/", cancellationToken);
        if (header is { PurgeInputs: true, InputBlob: not null } && !keepInputs)
        {
            // Exactly the blobs the job read, from its snapshot (which goes with the job's folder next).
            var container = storage.Container(StorageNames.InputContainer);
            try
            {
                await foreach (var input in inputs.ReadAsync(header, cancellationToken))
                {
                    await container.DeleteBlobIfExistsAsync(input.BlobName, cancellationToken: cancellationToken);
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // A repeated purge: the snapshot went with the folder, after the inputs it named.
            }
        }

        await DeleteBlobsAsync(storage.Container(StorageNames.InputContainer), InputBlobNames.JobFolder(instanceId), cancellationToken);
        await store.DeletePartitionAsync(instanceId, cancellationToken);
        return new PurgeOutcome.Purged();
    }

    private async ValueTask<(InstanceHeader? Header, PurgeOutcome? Refusal)> MarkAsync(string instanceId, CancellationToken cancellationToken)
    {
        var header = await store.GetIncludingPurgingAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return (null, new PurgeOutcome.NotFound());
        }

        if (header.PurgeStartedAt is null)
        {
            if (!header.IsFinal)
            {
                return (null, new PurgeOutcome.NotFinal(header.RuntimeStatus));
            }

            if (!await store.TryMarkPurgingAsync(header, cancellationToken))
            {
                // A rewind or a late completion got in first: decide again on what is stored now.
                throw new ConcurrencyConflictException($"Job {instanceId} changed while it was marked for purging.");
            }
        }

        return (header, null);
    }

    private static async Task DeleteBlobsAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}

/// <summary>How a purge went.</summary>
public abstract record PurgeOutcome
{
    public sealed record Purged : PurgeOutcome;

    public sealed record NotFound : PurgeOutcome;

    /// <summary>The job runs (again): only a finished job is purged.</summary>
    public sealed record NotFinal(string Status) : PurgeOutcome;
}
