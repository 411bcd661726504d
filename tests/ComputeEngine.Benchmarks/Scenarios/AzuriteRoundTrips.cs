using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComputeEngine.Benchmarks.Measurement;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// What one call of each kind a batch makes costs on an otherwise idle Azurite, one at a time: the
/// 100-row transaction (a worker's claim or settle), the message send, the header read and write.
/// </summary>
public static class AzuriteRoundTrips
{
    private const int Samples = 20;

    public static async Task RunAsync(string connectionString, Report report, CancellationToken cancellationToken)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var queue = new QueueClient(connectionString, $"bench-rtt-{suffix}");
        var table = new TableClient(connectionString, $"benchrtt{suffix}");
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await table.CreateAsync(cancellationToken);
        try
        {
            var (transaction, send, read, write) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            var header = new TableEntity("job", "") { ["Status"] = "Running", ["Watermark"] = 0 };
            await table.AddEntityAsync(header, cancellationToken);
            for (var i = 0; i < Samples; i++)
            {
                var partition = $"job|{i:D8}";
                var rows = Enumerable.Range(0, 100).Select(r => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(partition, $"{r:D8}") { ["Status"] = "Pending", ["Input"] = "[1,1]", ["EnqueuedAt"] = DateTimeOffset.UtcNow }));
                transaction.Add(await TimeAsync(() => table.SubmitTransactionAsync(rows, cancellationToken)));
                send.Add(await TimeAsync(() => queue.SendMessageAsync(new string('x', 1000), cancellationToken)));
                TableEntity? current = null;
                read.Add(await TimeAsync(async () => current = (await table.GetEntityAsync<TableEntity>("job", "", cancellationToken: cancellationToken)).Value));
                current!["Watermark"] = i + 1;
                write.Add(await TimeAsync(() => table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken)));
            }

            const string Section = "Azurite round trips, one at a time (p50 of 20): the fan-out's calls per batch";
            report.Add(Section, "100-row table transaction", Percentiles.Of(transaction, 50), "ms");
            report.Add(Section, "queue send (1 KB message)", Percentiles.Of(send, 50), "ms");
            report.Add(Section, "entity read", Percentiles.Of(read, 50), "ms");
            report.Add(Section, "entity replace (If-Match)", Percentiles.Of(write, 50), "ms");
        }
        finally
        {
            await queue.DeleteIfExistsAsync(CancellationToken.None);
            await table.DeleteAsync(CancellationToken.None);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static Task<double> TimeAsync<T>(Func<Task<T>> call) => TimeAsync(async () => { await call(); });
}
