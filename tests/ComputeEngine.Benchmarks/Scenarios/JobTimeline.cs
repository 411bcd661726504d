using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// Where a one-item job's time went, from the timestamps the services record (all on this machine's
/// clock): the job's history events and the item's row.
/// </summary>
public sealed record JobTimeline(double ToEnqueued, double QueueWait, double Run, double FanIn, double Observed)
{
    public static readonly string[] Stages =
    [
        "submit → item row enqueued (API, fan-out)",
        "enqueued → claimed (worker poll wait, reads)",
        "claimed → finished (run, output blob)",
        "finished → job Completed (report, fan-in)",
        "Completed → seen by the client's poll",
    ];

    public double[] Values => [ToEnqueued, QueueWait, Run, FanIn, Observed];

    public static async Task<JobTimeline?> ReadAsync(
        DurableClient client, AzuriteFixture storage, string instanceId, DateTimeOffset submitted, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        var (_, status) = await client.GetStatusAsync(instanceId, cancellationToken, "?showHistory=true");
        var completed = status.GetProperty("historyEvents").EnumerateArray()
            .Where(e => e.GetProperty("EventType").GetString() == "ExecutionCompleted")
            .Select(e => e.GetProperty("Timestamp").GetDateTimeOffset())
            .FirstOrDefault();
        var rows = storage.Clients.Table(StorageNames.ItemsTable).QueryAsync<ItemRecord>(ItemKeys.JobFilter(instanceId), cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (completed == default || row is not { EnqueuedAt: { } enqueued, StartedAt: { } started, FinishedAt: { } finished })
            {
                return null;
            }

            return new JobTimeline(
                Ms(enqueued - submitted), Ms(started - enqueued), Ms(finished - started), Ms(completed - finished), Ms(seen - completed));
        }

        return null;
    }

    private static double Ms(TimeSpan span) => span.TotalMilliseconds;
}
