using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Benchmarks.Scenarios;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks;

/// <summary>
/// The scenarios in order: the raw queue floor on an engine-free Azurite; single-item jobs with a low
/// polling ceiling; then, on an engine with default settings, a warm-up, the Python sum job, the throughput
/// job, the same job alternately on this engine and on the Durable Task Framework, single-item jobs and the
/// large job for status latency and memory; then the AppHost's autoscaled slow items and the opt-in scenarios.
/// </summary>
public sealed class BenchmarkRun(BenchmarkOptions options, AzuriteFixture storage, Report report, Action<string> progress)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var startLoad = LoadAverage.Now;
        if (options.Only is { } only)
        {
            await (only == "autoscale"
                ? AutoscaleScenario.RunAsync(options.AutoscaleItems, options.AutoscaleSleepMilliseconds, report, progress, cancellationToken)
                : FairShareAsync(cancellationToken));
            report.Note($"Only the {only} scenarios (--only {only}). Load average (1 min) at start {startLoad}, at end {LoadAverage.Now}.");
            return;
        }

        progress($"raw queue floor: {options.FloorMessages} messages");
        await RawQueueFloor.RunAsync(storage.ConnectionString, options.FloorMessages, report, cancellationToken);
        await AzuriteRoundTrips.RunAsync(storage.ConnectionString, report, cancellationToken);

        var fast = PollingSettings.WithCeilings(options.FastPolling, options.FastOrchestratorPolling ?? options.FastPolling);
        progress($"starting orchestrator + {options.Workers} workers: {fast}");
        await using (var rig = await EngineRig.StartAsync(storage, options.Workers, With(fast.Environment()), cancellationToken))
        {
            progress($"single-item jobs ×{options.SingleRuns}");
            await SingleItemScenario.RunAsync(rig, storage, fast, options.SingleRuns, "single_item_job_p50_ms_fast_polling", null, report, cancellationToken);
        }

        var defaults = PollingSettings.Defaults;
        progress($"starting orchestrator + {options.Workers} workers: production defaults");
        var withPython = With(defaults.Environment());
        foreach (var (key, value) in PythonThroughputScenario.WorkerSettings())
        {
            withPython.TryAdd(key, value);
        }

        await using (var rig = await EngineRig.StartAsync(storage, options.Workers, withPython, cancellationToken))
        {
            progress($"warm-up job of {options.WarmUpItems} items");
            await Jobs.RunAsync(rig.Client, "warmup", options.WarmUpItems, TimeSpan.FromMilliseconds(50), cancellationToken);
            // Before the .NET throughput job, so the final line shows python_sum_items_per_s right beside items_per_s.
            progress($"Python sum job of {options.Items} items");
            await PythonThroughputScenario.RunAsync(rig, options.Items, options.Workers, report, cancellationToken);
            progress($"throughput job of {options.Items} items");
            await ThroughputScenario.RunAsync(rig, storage, options.Items, options.Workers, report, cancellationToken);
            if (options.PeerRounds > 0)
            {
                await SideBySideScenario.RunAsync(rig, storage, options.PeerItems, options.PeerRounds, report, progress, cancellationToken);
            }

            progress($"single-item jobs ×{options.SingleRuns}");
            await SingleItemScenario.RunAsync(
                rig, storage, defaults, options.SingleRuns, "single_item_job_p50_ms", new Target(250, AtLeast: false), report, cancellationToken);
            progress($"status queries during a job of {options.StatusItems} items (limit {options.StatusJobLimit.TotalSeconds:F0} s)");
            await StatusScenario.RunAsync(rig, storage, options.StatusItems, options.StatusJobLimit, report, cancellationToken);
            progress($"10-item jobs behind a job of {options.StatusItems} items");
            await SmallBehindBigScenario.RunAsync(rig, options.StatusItems, report, cancellationToken);
        }

        if (options.WindowRounds > 0)
        {
            await WindowThroughputScenario.RunAsync(options, report, progress, cancellationToken);
        }

        if (options.AutoscaleItems > 0)
        {
            await AutoscaleScenario.RunAsync(options.AutoscaleItems, options.AutoscaleSleepMilliseconds, report, progress, cancellationToken);
        }

        if (options.HugeItems > 0)
        {
            progress($"a job of {options.HugeItems} items (limit {options.HugeJobLimit.TotalSeconds:F0} s)");
            await HugeJobScenario.RunAsync(options, report, progress, cancellationToken);
        }

        if (options.ScalingWorkers.Count > 0)
        {
            await WorkerScalingScenario.RunAsync(options, report, progress, cancellationToken);
        }

        report.Note($"Load average (1 min) at start {startLoad}, at end {LoadAverage.Now}: other builds and tests on this machine make figures noisy.");
        if (options.Settings.Count > 0)
        {
            report.Note("Extra settings: " + string.Join(", ", options.Settings.Select(s => $"{s.Key}={s.Value}")));
        }

        report.Note("Services run from their Release builds with production settings (Engine's test defaults cleared, " +
            "DOTNET_ENVIRONMENT=Production); Azurite in memory; everything shares this machine's " +
            $"{Environment.ProcessorCount} cores with the benchmark itself.");
    }

    /// <summary>Issue 21's figures alone, to iterate on the scheduler: the window's cost to one job, then small jobs behind a big one.</summary>
    private async Task FairShareAsync(CancellationToken cancellationToken)
    {
        if (options.WindowRounds > 0)
        {
            await WindowThroughputScenario.RunAsync(options, report, progress, cancellationToken);
        }

        await using var rig = await EngineRig.StartAsync(storage, options.Workers, With(PollingSettings.Defaults.Environment()), cancellationToken);
        await Jobs.RunAsync(rig.Client, "warmup", options.WarmUpItems, TimeSpan.FromMilliseconds(50), cancellationToken);
        progress($"10-item jobs behind a job of {options.StatusItems} items (load average {LoadAverage.Now})");
        await SmallBehindBigScenario.RunAsync(rig, options.StatusItems, report, cancellationToken);
    }

    private Dictionary<string, string> With(Dictionary<string, string> settings)
    {
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

}
