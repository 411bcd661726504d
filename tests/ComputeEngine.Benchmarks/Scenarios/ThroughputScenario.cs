using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// One job of N trivial <c>sum</c> items: submit → Completed, each item's submit → FinishedAt, and the
/// storage requests every service sent meanwhile.
/// </summary>
public static class ThroughputScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(EngineRig rig, AzuriteFixture storage, int items, int workers, Report report, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var meter = new StorageRequestMeter(http);
        var id = Jobs.NewId("throughput");

        var before = await meter.ReadAsync(rig.MetricsEndpoints, cancellationToken);
        var cpuBefore = ProcessCpu.Snapshot();
        var storageCpuBefore = ProcessCpu.Of(storage.ProcessId);
        var submittedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await rig.Client.StartAsync(Jobs.CountBody(items), id, cancellationToken);
        var (_, polls) = await Jobs.WaitCompletedAsync(rig.Client, id, PollInterval, cancellationToken);
        var elapsed = clock.Elapsed;
        var cpu = ProcessCpu.Difference(ProcessCpu.Snapshot(), cpuBefore);
        var storageCpu = ProcessCpu.Of(storage.ProcessId) - storageCpuBefore;
        var requests = StorageRequestMeter.Difference(await meter.ReadAsync(rig.MetricsEndpoints, cancellationToken), before);

        var (finished, enqueued) = await ItemTimesAsync(storage, id, cancellationToken);
        var latencies = finished.Select(t => (t - submittedAt).TotalMilliseconds).ToList();
        var batchGaps = enqueued.Order().Zip(enqueued.Order().Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        var (_, status) = await rig.Client.GetStatusAsync(id, cancellationToken, "?showHistory=true");

        var section = $"Throughput: one job of {items:N0} sum items, {workers} workers";
        report.Add(section, "items/s (submit → Completed)", items / elapsed.TotalSeconds, "items/s", "items_per_s", new Target(1000, AtLeast: true));
        report.Add(section, "job time", elapsed.TotalSeconds, "s", "job_seconds");
        report.Add(section, "fan-out done after", Seconds(status, "FanOutCompleted", submittedAt), "s");
        report.Add(section, $"  fan-out time per batch p50 ({enqueued.Count} batches)", Percentiles.Of(batchGaps, 50), "ms");
        report.Add(section, "item submit → finished p50", Percentiles.Of(latencies, 50), "ms", "item_p50_ms");
        report.Add(section, "item submit → finished p95", Percentiles.Of(latencies, 95), "ms", "item_p95_ms");
        report.Add(section, "item submit → finished max", Percentiles.Of(latencies, 100), "ms");
        if (finished.Count != items)
        {
            report.Note($"Only {finished.Count} of {items} item rows had FinishedAt.");
        }

        // Each status poll of this benchmark costs the orchestrator one table read; it is not the engine's own cost.
        var total = requests.Values.Sum() - polls;
        report.Add(section, "storage requests per item", total / items, "req/item", "storage_requests_per_item", new Target(1.5, AtLeast: false));
        foreach (var (source, count) in requests.Where(r => r.Value > 0).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            report.Add(section, $"  {source} requests", count, "req");
        }

        report.Add(section, "  benchmark's status polls (subtracted)", polls, "req");
        var (query, rows) = await AzuriteProbe.PartitionQueryAsync(storage, id, cancellationToken);
        report.Add(section, $"Items partition query after the job (table: {rows:N0} rows) p50", query, "ms");
        report.Add(section, "Azurite CPU per item", storageCpu.TotalMilliseconds / items, "ms", "storage_cpu_ms_per_item", new Target(0.25, AtLeast: false));
        report.Add(section, $"CPU during the job, all processes ({Environment.ProcessorCount} cores)", cpu.Values.Sum(t => t.TotalSeconds) / elapsed.TotalSeconds * 100, "% of 1 core");
        foreach (var (process, time) in cpu.OrderByDescending(c => c.Value))
        {
            report.Add(section, $"  {process}", time.TotalSeconds / elapsed.TotalSeconds * 100, "% of 1 core");
        }
    }

    /// <summary>Every item's FinishedAt, and each batch's EnqueuedAt (the fan-out writes one time per batch).</summary>
    private static async Task<(List<DateTimeOffset> Finished, List<DateTimeOffset> BatchEnqueued)> ItemTimesAsync(
        AzuriteFixture storage, string instanceId, CancellationToken cancellationToken)
    {
        var finished = new List<DateTimeOffset>();
        var enqueued = new Dictionary<string, DateTimeOffset>();
        var rows = storage.Clients.Table(StorageNames.ItemsTable).QueryAsync<TableEntity>(
            ItemKeys.JobFilter(instanceId), maxPerPage: 1000,
            select: [nameof(ItemRecord.PartitionKey), nameof(ItemRecord.FinishedAt), nameof(ItemRecord.EnqueuedAt)], cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (row.GetDateTimeOffset(nameof(ItemRecord.FinishedAt)) is { } finishedAt)
            {
                finished.Add(finishedAt);
            }

            if (row.GetDateTimeOffset(nameof(ItemRecord.EnqueuedAt)) is { } enqueuedAt)
            {
                enqueued.TryAdd(row.PartitionKey, enqueuedAt);
            }
        }

        return (finished, [.. enqueued.Values]);
    }

    private static double Seconds(JsonElement status, string eventType, DateTimeOffset since)
    {
        if (!status.TryGetProperty("historyEvents", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return double.NaN;
        }

        var match = events.EnumerateArray().FirstOrDefault(e => e.GetProperty("EventType").GetString() == eventType);
        return match.ValueKind == JsonValueKind.Undefined ? double.NaN : (match.GetProperty("Timestamp").GetDateTimeOffset() - since).TotalSeconds;
    }
}
