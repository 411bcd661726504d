using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// How throughput grows with workers: the same job with 1, 2, 4… workers, each on its own fresh Azurite
/// (so no run inherits the tables of the one before) after a warm-up. Opt-in: it is the slowest scenario.
/// </summary>
public static class WorkerScalingScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchmarkOptions options, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        var section = $"Worker scaling: one job of {options.ScalingItems:N0} sum items, production defaults, fresh Azurite each";
        foreach (var workers in options.ScalingWorkers)
        {
            var storage = new AzuriteFixture();
            try
            {
                await storage.InitializeAsync();
                progress($"worker scaling: {workers} worker(s), {options.ScalingItems} items");
                await using var rig = await EngineRig.StartAsync(storage, workers, new Dictionary<string, string>(options.Settings), cancellationToken);
                await Jobs.RunAsync(rig.Client, "scaling-warmup", options.WarmUpItems, PollInterval, cancellationToken);
                var elapsed = await Jobs.RunAsync(rig.Client, "scaling", options.ScalingItems, PollInterval, cancellationToken);
                report.Add(section, $"{workers} worker(s), items/s", options.ScalingItems / elapsed.TotalSeconds, "items/s", $"scaling_items_per_s_w{workers}");
            }
            finally
            {
                await storage.DisposeAsync();
            }
        }
    }
}
