using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>
/// Reads item rows and their outputs, a page at a time: a page walks at most a bounded stretch of the
/// job. An item the job knows of but no worker has claimed yet has no row: it is read as a pending row.
/// </summary>
public sealed class ItemReader(StorageClients storage, InputSource inputSource)
{
    // How many item indexes one page request may walk when looking for pending items, so a request on a
    // large, mostly finished job answers with a short page and a continuation instead of reading it all.
    private const int MaxIndexesWalked = 10_000;

    // A listing shows everything but the input, which may take 8K characters a row.
    private static readonly string[] ListedColumns =
    [
        nameof(ItemRecord.PartitionKey), nameof(ItemRecord.RowKey), nameof(ItemRecord.Status), nameof(ItemRecord.Attempts),
        nameof(ItemRecord.Worker), nameof(ItemRecord.EnqueuedAt), nameof(ItemRecord.StartedAt), nameof(ItemRecord.FinishedAt),
        nameof(ItemRecord.RunMilliseconds), nameof(ItemRecord.Error), nameof(ItemRecord.OutputBlob), nameof(ItemRecord.OutputOffset),
        nameof(ItemRecord.OutputLength), nameof(ItemRecord.InputBlob), nameof(ItemRecord.FirstStartedAt), nameof(ItemRecord.BackoffMilliseconds),
    ];

    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);
    private readonly BlobContainerClient _outputs = storage.Container(StorageNames.OutputContainer);
    private readonly BlobContainerClient _inputs = storage.Container(StorageNames.InputContainer);

    private static string Filter(string instanceId, string status) =>
        ItemKeys.JobFilter(instanceId) + " and " + TableClient.CreateQueryFilter($"Status eq {status}");

    /// <summary>One page; the Table service may return short pages when a filter skips rows, so keep reading until something is found.</summary>
    public async Task<(List<ItemRecord> Rows, string? Continuation)> PageAsync(
        string instanceId, string status, int top, string? continuation, CancellationToken cancellationToken)
    {
        var rows = new List<ItemRecord>(top);
        var token = continuation;
        do
        {
            var pages = _items.QueryAsync<ItemRecord>(Filter(instanceId, status), top - rows.Count, ListedColumns, cancellationToken)
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

    /// <summary>
    /// A page of items in index order from <paramref name="start"/>, every known item or only the pending
    /// ones; the next index to read, or null at the end.
    /// </summary>
    public async Task<(List<ItemRecord> Rows, int? Next)> IndexPageAsync(
        InstanceHeader header, bool pendingOnly, int top, int start, CancellationToken cancellationToken)
    {
        var known = KnownItems(header);
        var batchSize = header.BatchSize;
        var page = new List<ItemRecord>(top);
        var index = start;
        while (index < known && page.Count < top && index - start < MaxIndexesWalked)
        {
            var firstBatch = index / batchSize;
            // Looking for pending items may skip many finished ones: read at least a Table page's worth at once.
            var window = pendingOnly ? Math.Max(top - page.Count, 1000) : top - page.Count;
            var lastBatch = Math.Min((known - 1) / batchSize, (index + window - 1) / batchSize);
            var rows = await RangeAsync(header.PartitionKey, firstBatch, lastBatch, cancellationToken);
            var end = Math.Min(known, (lastBatch + 1) * batchSize);
            for (; index < end && page.Count < top; index++)
            {
                var row = rows.GetValueOrDefault(index) ?? PendingRow(header, index);
                if (!pendingOnly || row.Status == ItemStatus.Pending)
                {
                    page.Add(row);
                }
            }
        }

        return (page, index < known ? index : null);
    }

    public async Task<ItemRecord?> GetAsync(InstanceHeader header, int itemId, CancellationToken cancellationToken)
    {
        if (itemId >= KnownItems(header))
        {
            return null;
        }

        var batch = itemId / header.BatchSize;
        var row = await _items.GetEntityIfExistsAsync<ItemRecord>(ItemKeys.Partition(header.PartitionKey, batch), ItemKeys.Row(itemId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : PendingRow(header, itemId);
    }

    /// <summary>How many items a batch holds: all are final when that many rows are.</summary>
    public static int BatchItems(InstanceHeader header, int batch) =>
        Math.Clamp(KnownItems(header) - (batch * header.BatchSize), 0, header.BatchSize);

    // A count or inline job knows its total from the start; a blob-prefix job learns it as the fan-out lists
    // blobs. Once the job is over (terminated mid-fan-out, say), items never sent out are not its items.
    private static int KnownItems(InstanceHeader header) =>
        header.IsFinal ? header.DispatchedItems : Math.Max(header.Total, header.DispatchedItems);

    private static ItemRecord PendingRow(InstanceHeader header, int index) => new()
    {
        PartitionKey = ItemKeys.Partition(header.PartitionKey, index / header.BatchSize),
        RowKey = ItemKeys.Row(index),
    };

    private async Task<Dictionary<int, ItemRecord>> RangeAsync(string instanceId, int firstBatch, int lastBatch, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {ItemKeys.Partition(instanceId, firstBatch)} and PartitionKey le {ItemKeys.Partition(instanceId, lastBatch)}");
        var rows = new Dictionary<int, ItemRecord>();
        await foreach (var row in _items.QueryAsync<ItemRecord>(filter, select: ListedColumns, cancellationToken: cancellationToken))
        {
            rows[row.Index] = row;
        }

        return rows;
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

    /// <summary>
    /// The item's input: kept in its row, in its batch's claim-check blob, or (a blob-prefix job) the name
    /// of its blob. An item no worker has claimed yet (a row made up, without an ETag) is found in the
    /// job's inputs, in the order the fan-out reads them; its blob name, if any, is filled into the row.
    /// </summary>
    public async Task<JsonElement?> ReadInputAsync(InstanceHeader header, ItemRecord row, CancellationToken cancellationToken)
    {
        if (row.ETag == default)
        {
            var index = 0;
            await foreach (var input in inputSource.ReadAsync(header, cancellationToken))
            {
                if (index++ == row.Index)
                {
                    row.InputBlob = input.BlobName;
                    return input.BlobName is null ? input.Value : JsonSerializer.SerializeToElement(input.BlobName, OrchestratorJsonContext.Default.String);
                }
            }

            return null;
        }

        if (row.Input is not null)
        {
            return JsonDocument.Parse(row.Input).RootElement.Clone();
        }

        if (row.InputBatchBlob is not null)
        {
            var content = await _inputs.GetBlobClient(row.InputBatchBlob).DownloadContentAsync(cancellationToken);
            using var document = JsonDocument.Parse(content.Value.Content);
            return document.RootElement[row.Index % header.BatchSize].Clone();
        }

        return row.InputBlob is null ? null : JsonSerializer.SerializeToElement(row.InputBlob, OrchestratorJsonContext.Default.String);
    }
}
