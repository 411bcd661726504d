using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// The Items-table side of a batch. Every write is one entity-group transaction over the batch's
/// partition, guarded by the ETags read before it, so two workers can never both settle an item.
/// </summary>
public sealed class ItemRows(StorageClients storage)
{
    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);

    public async Task<Dictionary<int, ItemRecord>> LoadAsync(string instanceId, int batch, int firstIndex, int count, CancellationToken cancellationToken)
    {
        var partition = ItemKeys.Partition(instanceId, batch);
        var rows = new Dictionary<int, ItemRecord>(count);
        await foreach (var row in _items.QueryAsync<ItemRecord>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows[row.Index] = row;
        }

        // Rows are written before the message is sent; a missing one is created here rather than lost.
        for (var index = firstIndex; index < firstIndex + count; index++)
        {
            rows.TryAdd(index, new ItemRecord { PartitionKey = partition, RowKey = ItemKeys.Row(index) });
        }

        return rows;
    }

    /// <summary>Writes the given rows; false when another worker changed one of them first.</summary>
    public async Task<bool> TryWriteAsync(IReadOnlyList<ItemRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var actions = rows.Select(row => row.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag)).ToList();
        try
        {
            var response = await _items.SubmitTransactionAsync(actions, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].ETag = response.Value[i].Headers.ETag ?? rows[i].ETag;
            }

            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
        {
            return false;
        }
    }
}
