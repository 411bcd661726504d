using System.Diagnostics;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// One very large job (a million items) on its own fresh Azurite and engine: does it complete, at what
/// rate, and how much memory does the orchestrator need for it. Opt-in: it runs for many minutes.
/// </summary>
public static class HugeJobScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(BenchmarkOptions options, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        var items = options.HugeItems;
        var storage = new AzuriteFixture();
        try
        {
            await storage.InitializeAsync();
            await using var rig = await EngineRig.StartAsync(storage, options.Workers, new Dictionary<string, string>(options.Settings), cancellationToken);
            var pid = rig.OrchestratorPid;
            var peakReset = ProcessMemory.TryResetPeak(pid);
            var id = Jobs.NewId("huge");
            var (status, done, sampledPeak) = ((string?)null, 0, ProcessMemory.ResidentMb(pid));
            var clock = Stopwatch.StartNew();
            await rig.Client.StartAsync(Jobs.CountBody(items), id, cancellationToken);
            while (status is not ("Completed" or "Failed" or "Terminated") && clock.Elapsed < options.HugeJobLimit)
            {
                await Task.Delay(PollInterval, cancellationToken);
                sampledPeak = Math.Max(sampledPeak, ProcessMemory.ResidentMb(pid) is var rss && !double.IsNaN(rss) ? rss : 0);
                var (_, body) = await rig.Client.GetStatusAsync(id, cancellationToken);
                status = body.GetProperty("runtimeStatus").GetString();
                done = Jobs.Done(body);
                if (clock.Elapsed.TotalSeconds % 30 < PollInterval.TotalSeconds)
                {
                    progress($"huge job: {done:N0} of {items:N0} items after {clock.Elapsed.TotalSeconds:F0} s ({status})");
                }
            }

            var elapsed = clock.Elapsed;
            var section = $"A job of {items:N0} sum items, {options.Workers} workers, fresh Azurite";
            report.Add(section, status == "Completed" ? "completed after" : $"ended {status ?? "?"} / stopped after", elapsed.TotalSeconds, "s");
            report.Add(section, "items done", done, "items");
            report.Add(section, "items/s", done / elapsed.TotalSeconds, "items/s", "huge_items_per_s", new Target(1000, AtLeast: true));
            report.Add(section, "orchestrator peak RSS" + (peakReset ? "" : " (since start)"), Math.Max(ProcessMemory.PeakMb(pid), sampledPeak), "MiB", "huge_orchestrator_rss_mb", new Target(300, AtLeast: false));
            if (status != "Completed")
            {
                report.Note($"The {items:N0}-item job had not completed after {options.HugeJobLimit.TotalSeconds:F0} s (--huge-limit-seconds): {done:N0} items done.");
            }
        }
        finally
        {
            await storage.DisposeAsync();
        }
    }

}
