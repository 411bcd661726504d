using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Dispatch;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Deletes everything a job left: item rows, input and output blobs, then its header last so a failed purge can be repeated.</summary>
public sealed class Purger(StorageClients storage, InstanceStore store)
{
    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var items = storage.Table(StorageNames.ItemsTable);
        var rows = items.QueryAsync<TableEntity>(ItemKeys.JobFilter(instanceId), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await TableBatches.DeleteAllAsync(items, rows, cancellationToken);
        await DeleteBlobsAsync(storage.Container(StorageNames.OutputContainer), instanceId + "/", cancellationToken);
        await DeleteBlobsAsync(storage.Container(StorageNames.InputContainer), InputSource.JobFolder(instanceId), cancellationToken);
        await store.DeletePartitionAsync(instanceId, cancellationToken);
    }

    private static async Task DeleteBlobsAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}
