using Azure.Data.Tables;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>Entity-group transactions in chunks the Table service accepts (one partition, at most 100 actions).</summary>
public static class TableBatches
{
    /// <summary>The Table service's limit of actions per transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>Deletes every entity <paramref name="entities"/> yields, one transaction per partition chunk; entities deleted meanwhile by someone else are no error.</summary>
    /// <param name="table">The table.</param>
    /// <param name="entities">Entities to delete (only keys are used).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>How many entities were deleted.</returns>
    public static async Task<int> DeleteAllAsync(TableClient table, IAsyncEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var pending = new List<TableTransactionAction>(MaxActions);
        string? partition = null;
        await foreach (var entity in entities.WithCancellation(cancellationToken))
        {
            if (pending.Count == MaxActions || (partition is not null && partition != entity.PartitionKey))
            {
                deleted += await SubmitAsync(table, pending, cancellationToken);
            }

            partition = entity.PartitionKey;
            pending.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, Azure.ETag.All));
        }

        return deleted + await SubmitAsync(table, pending, cancellationToken);
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count == 0)
        {
            return 0;
        }

        var count = actions.Count;
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Someone else deleted one of them meanwhile (a purge and a worker cleaning up after it): the
            // transaction fails whole, so delete one by one, and what is already gone counts as deleted.
            foreach (var action in actions)
            {
                try
                {
                    await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, Azure.ETag.All, cancellationToken);
                }
                catch (Azure.RequestFailedException gone) when (gone.Status == 404)
                {
                }
            }
        }

        actions.Clear();
        return count;
    }
}
