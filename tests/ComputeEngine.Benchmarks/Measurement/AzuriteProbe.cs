using System.Diagnostics;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Measurement;

/// <summary>
/// What a worker's read of one batch's rows (a partition query on the Items table) costs right now,
/// and how many rows that table holds: Azurite evaluates a query's filter on every row of the table.
/// </summary>
public static class AzuriteProbe
{
    private const int Samples = 10;

    public static async Task<(double P50Ms, int TableRows)> PartitionQueryAsync(AzuriteFixture storage, string instanceId, CancellationToken cancellationToken)
    {
        var items = storage.Clients.Table(StorageNames.ItemsTable);
        var times = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            var partition = ItemKeys.Partition(instanceId, i);
            await foreach (var row in items.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                _ = row;
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var rows = 0;
        await foreach (var page in items.QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
        {
            rows += page.Values.Count;
        }

        return (Percentiles.Of(times, 50), rows);
    }
}
