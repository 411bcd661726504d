using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>Reads item rows and their outputs; pages never load more than one page of a job.</summary>
public sealed class ItemReader(StorageClients storage)
{
    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);
    private readonly BlobContainerClient _outputs = storage.Container(StorageNames.OutputContainer);
    private readonly BlobContainerClient _inputs = storage.Container(StorageNames.InputContainer);

    public static string Filter(string instanceId, string? status) => status is null
        ? ItemKeys.JobFilter(instanceId)
        : ItemKeys.JobFilter(instanceId) + " and " + TableClient.CreateQueryFilter($"Status eq {status}");

    /// <summary>One page; the Table service may return short pages when a filter skips rows, so keep reading until something is found.</summary>
    public async Task<(List<ItemRecord> Rows, string? Continuation)> PageAsync(
        string instanceId, string? status, int top, string? continuation, CancellationToken cancellationToken)
    {
        var rows = new List<ItemRecord>(top);
        var token = continuation;
        do
        {
            var pages = _items.QueryAsync<ItemRecord>(Filter(instanceId, status), top - rows.Count, cancellationToken: cancellationToken)
                .AsPages(token, top - rows.Count);
            await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
            if (!await enumerator.MoveNextAsync())
            {
                return (rows, null);
            }

            rows.AddRange(enumerator.Current.Values);
            token = enumerator.Current.ContinuationToken;
        }
        while (rows.Count == 0 && token is not null);

        return (rows, token);
    }

    public async Task<ItemRecord?> GetAsync(InstanceHeader header, int itemId, CancellationToken cancellationToken)
    {
        var batch = itemId / Math.Max(1, header.BatchSize);
        var row = await _items.GetEntityIfExistsAsync<ItemRecord>(ItemKeys.Partition(header.PartitionKey, batch), ItemKeys.Row(itemId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public IAsyncEnumerable<ItemRecord> SucceededAsync(string instanceId, CancellationToken cancellationToken) =>
        _items.QueryAsync<ItemRecord>(Filter(instanceId, ItemStatus.Succeeded), cancellationToken: cancellationToken);

    public async Task<List<ItemRecord>> BatchAsync(string instanceId, int batch, CancellationToken cancellationToken)
    {
        var partition = ItemKeys.Partition(instanceId, batch);
        var rows = new List<ItemRecord>();
        await foreach (var row in _items.QueryAsync<ItemRecord>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<BinaryData> ReadOutputAsync(ItemRecord row, CancellationToken cancellationToken)
    {
        var range = new HttpRange(row.OutputOffset!.Value, row.OutputLength!.Value);
        var content = await _outputs.GetBlobClient(row.OutputBlob).DownloadContentAsync(
            new Azure.Storage.Blobs.Models.BlobDownloadOptions { Range = range }, cancellationToken);
        return content.Value.Content;
    }

    public async Task<byte[]> ReadBlobAsync(string blob, CancellationToken cancellationToken) =>
        (await _outputs.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();

    /// <summary>The item's input: kept in its row, in its batch's claim-check blob, or (a blob-prefix job) the name of its blob.</summary>
    public async Task<JsonElement?> ReadInputAsync(InstanceHeader header, ItemRecord row, CancellationToken cancellationToken)
    {
        if (row.Input is not null)
        {
            return JsonDocument.Parse(row.Input).RootElement.Clone();
        }

        if (row.InputBatchBlob is not null)
        {
            var content = await _inputs.GetBlobClient(row.InputBatchBlob).DownloadContentAsync(cancellationToken);
            using var document = JsonDocument.Parse(content.Value.Content);
            return document.RootElement[row.Index % Math.Max(1, header.BatchSize)].Clone();
        }

        return row.InputBlob is null ? null : JsonSerializer.SerializeToElement(row.InputBlob, OrchestratorJsonContext.Default.String);
    }
}
