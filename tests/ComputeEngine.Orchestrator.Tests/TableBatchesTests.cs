using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// A purge and a worker cleaning up after it may delete the same item rows at once: deleting a list of
/// which some are already gone must still delete the rest and not fail (it answered 500 to a purge in CI).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TableBatchesTests(ApiFixture fixture)
{
    [Fact]
    public async Task Deleting_rows_of_which_someone_else_deleted_some_meanwhile_deletes_the_rest()
    {
        using var timeout = Api.Timeout();
        var table = fixture.Storage.Clients.Table(StorageNames.ItemsTable);
        var partition = ItemKeys.Partition(Api.NewId("batches"), 0);
        var rows = Enumerable.Range(0, 5).Select(i => new TableEntity(partition, ItemKeys.Row(i))).ToList();
        await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), timeout.Token);
        await table.DeleteEntityAsync(partition, ItemKeys.Row(2), cancellationToken: timeout.Token);

        var deleted = await TableBatches.DeleteAllAsync(table, rows.ToAsyncEnumerable(), timeout.Token);

        Assert.Equal(5, deleted);
        Assert.Empty(await table.QueryAsync<TableEntity>(r => r.PartitionKey == partition, cancellationToken: timeout.Token).ToListAsync(timeout.Token));
    }
}
