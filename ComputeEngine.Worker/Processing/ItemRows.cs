using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Api;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// The Items-table side of a batch. Every write is one entity-group transaction over the batch's
/// partition, guarded by the ETags read before it (or, for rows not there yet, by the insert failing),
/// so two workers can never both settle an item.
/// </summary>
public sealed class ItemRows(StorageClients storage, JobStatusReader jobs)
{
    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);

    /// <summary>
    /// The batch's rows as stored, with a new pending row for each item that has none. The fan-out writes
    /// none: a batch's rows are created by its first claim, which saves a 100-row transaction per batch.
    /// </summary>
    public async Task<Dictionary<int, ItemRecord>> LoadAsync(WorkMessage work, DateTimeOffset? enqueuedAt, CancellationToken cancellationToken)
    {
        var partition = ItemKeys.Partition(work.InstanceId, work.Batch);
        var rows = New(work, enqueuedAt);
        await foreach (var row in _items.QueryAsync<ItemRecord>(r => r.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows[row.Index] = row;
        }

        return rows;
    }

    /// <summary>
    /// New pending rows for every item of the batch, without reading the table: what a batch's first
    /// delivery finds. Writing them fails, rather than overwrites, if the rows exist after all.
    /// </summary>
    public static Dictionary<int, ItemRecord> New(WorkMessage work, DateTimeOffset? enqueuedAt)
    {
        var partition = ItemKeys.Partition(work.InstanceId, work.Batch);
        var rows = new Dictionary<int, ItemRecord>(work.Count);
        for (var offset = 0; offset < work.Count; offset++)
        {
            rows[work.FirstIndex + offset] = NewRow(work, partition, work.FirstIndex + offset, offset, enqueuedAt);
        }

        return rows;
    }

    /// <summary>Writes the given rows: <see cref="RowWrite.Lost"/> when another worker changed one first, <see cref="RowWrite.JobGone"/> when a purge deleted them.</summary>
    public async Task<RowWrite> TryWriteAsync(IReadOnlyList<ItemRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return RowWrite.Written;
        }

        var actions = rows.Select(row => row.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag)).ToList();
        try
        {
            var response = await _items.SubmitTransactionAsync(actions, cancellationToken);
            var created = rows.Count(r => r.ETag == default);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i].ETag = response.Value[i].Headers.ETag ?? rows[i].ETag;
            }

            if (created == 0)
            {
                return RowWrite.Written;
            }

            // A purge marks the job before it deletes rows: rows created before the mark are the purge's to
            // delete; rows created after it are found here, and deleted by the worker that created them. A
            // batch first claimed after a terminate (its status cached as Running) is skipped the same way:
            // its rows are all this write's, so deleting them leaves it as if never delivered.
            var phase = await jobs.ReadAfterCreatingRowsAsync(ItemKeys.InstanceId(rows[0].PartitionKey), cancellationToken);
            if (phase == JobPhase.Gone || (phase == JobPhase.Terminated && created == rows.Count))
            {
                await DeleteBatchAsync(rows[0].PartitionKey, cancellationToken);
                return RowWrite.JobGone;
            }

            return RowWrite.Written;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409)
        {
            return RowWrite.Lost;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            return RowWrite.JobGone;
        }
    }

    /// <summary>Deletes whatever rows the batch has, for a job purged while this worker created them.</summary>
    private Task<int> DeleteBatchAsync(string partition, CancellationToken cancellationToken) =>
        TableBatches.DeleteAllAsync(_items, _items.QueryAsync<TableEntity>(r => r.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken);

    // The row keeps where the item's input is, so the items API can show it after the message is gone.
    private static ItemRecord NewRow(WorkMessage work, string partition, int index, int offset, DateTimeOffset? enqueuedAt) => new()
    {
        PartitionKey = partition,
        RowKey = ItemKeys.Row(index),
        Input = work.Inputs is { } inline && inline[offset].GetRawText() is { Length: <= ItemRecord.MaxInputChars } json ? json : null,
        InputBatchBlob = work.InputsBlob,
        InputBlob = work.InputBlobs?[offset],
        EnqueuedAt = enqueuedAt,
    };
}

/// <summary>How writing a batch's rows went.</summary>
public enum RowWrite
{
    Written,

    /// <summary>Another worker changed a row between this one's read and write.</summary>
    Lost,

    /// <summary>The rows are gone: the job is being purged, or was terminated before this batch started.</summary>
    JobGone,
}
