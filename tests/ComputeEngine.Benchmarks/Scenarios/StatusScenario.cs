using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// A job of M items (100k by default) while a client queries its status 20 times a second, and the
/// orchestrator's peak resident memory through it. Beside it, a slower loop times the orchestrator's
/// <c>/health</c> (no storage) and the same header read straight from Azurite, to attribute the latency.
/// A job still running past the limit is terminated so the run stays bounded; the report says so.
/// </summary>
public static class StatusScenario
{
    private static readonly TimeSpan QueryInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MemoryInterval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(EngineRig rig, AzuriteFixture storage, int items, TimeSpan limit, Report report, CancellationToken cancellationToken)
    {
        var pid = rig.OrchestratorPid;
        var peakReset = ProcessMemory.TryResetPeak(pid);
        var startRss = ProcessMemory.ResidentMb(pid);
        var id = Jobs.NewId("status");
        var path = $"/runtime/webhooks/durabletask/instances/{id}";
        var (latencies, health, table) = (new List<double>(), new List<double>(), new List<double>());
        var (runtimeStatus, done, sampledPeak) = ((string?)null, 0, startRss);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cpuBefore = ProcessCpu.Snapshot();
        var clock = Stopwatch.StartNew();
        await rig.Client.StartAsync(Jobs.CountBody(items), id, cancellationToken);
        var memory = EveryAsync(MemoryInterval, () =>
        {
            if (ProcessMemory.ResidentMb(pid) is var rss && !double.IsNaN(rss))
            {
                sampledPeak = Math.Max(sampledPeak, rss);
            }

            return Task.CompletedTask;
        }, stop.Token);
        var probes = EveryAsync(ProbeInterval, async () =>
        {
            health.Add(await TimeAsync(async () =>
            {
                using var alive = await rig.Client.Http.GetAsync(new Uri("/health", UriKind.Relative), stop.Token);
                await alive.Content.ReadAsByteArrayAsync(stop.Token);
            }));
            table.Add(await TimeAsync(() => storage.Clients.Table(StorageNames.InstancesTable)
                .GetEntityAsync<TableEntity>(id, "", cancellationToken: stop.Token)));
        }, stop.Token);
        var queries = EveryAsync(QueryInterval, async () =>
        {
            byte[] body = [];
            latencies.Add(await TimeAsync(async () =>
            {
                using var response = await rig.Client.Http.GetAsync(new Uri(path, UriKind.Relative), stop.Token);
                body = await response.Content.ReadAsByteArrayAsync(stop.Token);
            }));
            using var status = JsonDocument.Parse(body);
            runtimeStatus = status.RootElement.GetProperty("runtimeStatus").GetString();
            done = Jobs.Done(status.RootElement);
            if (runtimeStatus is "Completed" or "Failed" or "Terminated" || clock.Elapsed > limit)
            {
                await stop.CancelAsync();
            }
        }, stop.Token);
        await Task.WhenAll(memory, probes, queries);
        cancellationToken.ThrowIfCancellationRequested();

        var elapsed = clock.Elapsed;
        var cpu = ProcessCpu.Difference(ProcessCpu.Snapshot(), cpuBefore);
        var peak = Math.Max(ProcessMemory.PeakMb(pid), sampledPeak);
        var completed = runtimeStatus == "Completed";
        if (!completed)
        {
            using var terminated = await rig.Client.PostAsync($"{path}/terminate?reason=benchmark+time+limit", cancellationToken);
            report.Note($"The {items:N0}-item job was terminated after {limit.TotalSeconds:F0} s ({done:N0} items done): " +
                "status and memory figures cover that part only (--status-limit-seconds raises the limit).");
        }

        var section = $"Status and memory during a job of {items:N0} items (status queried every {QueryInterval.TotalMilliseconds:0} ms)";
        report.Add(section, $"status query p50 ({latencies.Count} queries)", Percentiles.Of(latencies, 50), "ms");
        report.Add(section, "status query p95", Percentiles.Of(latencies, 95), "ms", "status_p95_ms", new Target(20, AtLeast: false));
        report.Add(section, "status query max", Percentiles.Of(latencies, 100), "ms");
        report.Add(section, "  meanwhile: orchestrator /health (no storage) p95", Percentiles.Of(health, 95), "ms");
        report.Add(section, "  meanwhile: header read straight from Azurite p50", Percentiles.Of(table, 50), "ms");
        report.Add(section, "  meanwhile: header read straight from Azurite p95", Percentiles.Of(table, 95), "ms");
        report.Add(section, "orchestrator peak RSS" + (peakReset ? "" : " (since start)"), peak, "MiB", "orchestrator_rss_mb", new Target(300, AtLeast: false));
        report.Add(section, "orchestrator RSS before the job", startRss, "MiB");
        report.Add(section, completed ? "job time" : "ran for (terminated)", elapsed.TotalSeconds, "s");
        report.Add(section, "items done", done, "items");
        report.Add(section, "items/s", done / elapsed.TotalSeconds, "items/s", "large_items_per_s", new Target(2500, AtLeast: true));
        var (partitionQuery, rows) = await AzuriteProbe.PartitionQueryAsync(storage, id, cancellationToken);
        report.Add(section, $"Items partition query after the job (table: {rows:N0} rows) p50", partitionQuery, "ms");
        foreach (var (process, time) in cpu.OrderByDescending(c => c.Value))
        {
            report.Add(section, $"  CPU {process}", time.TotalSeconds / elapsed.TotalSeconds * 100, "% of 1 core");
        }
    }

    /// <summary>Runs <paramref name="tick"/> every <paramref name="interval"/> (or back to back when it is slower) until cancelled.</summary>
    private static async Task EveryAsync(TimeSpan interval, Func<Task> tick, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = Task.Delay(interval, cancellationToken);
                await tick();
                await next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<double> TimeAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed.TotalMilliseconds;
    }
}
