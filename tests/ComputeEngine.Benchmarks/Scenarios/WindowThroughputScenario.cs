using System.Globalization;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// What the dispatch window costs a job alone (issue 21: within 5 %): the same jobs with the default window and
/// with one too large to ever hold a job back (<c>Orchestrator:DispatchWindow</c> = 100,000 batches), in rounds
/// that alternate which goes first, each on a fresh Azurite with a warm-up, so neither inherits the other's
/// tables and the machine's other load falls on both alike.
/// </summary>
public static class WindowThroughputScenario
{
    private const string Unbounded = "100000";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchmarkOptions options, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        var windowed = options.WindowItems.ToDictionary(n => n, _ => new List<double>());
        var unbounded = options.WindowItems.ToDictionary(n => n, _ => new List<double>());
        for (var round = 0; round < options.WindowRounds; round++)
        {
            foreach (var bounded in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var settings = new Dictionary<string, string>(options.Settings);
                if (!bounded)
                {
                    settings["Orchestrator__DispatchWindow"] = Unbounded;
                }

                var results = bounded ? windowed : unbounded;
                var storage = new AzuriteFixture();
                try
                {
                    await storage.InitializeAsync();
                    await using var rig = await EngineRig.StartAsync(storage, options.Workers, settings, cancellationToken);
                    await Jobs.RunAsync(rig.Client, "window-warmup", options.WarmUpItems, PollInterval, cancellationToken);
                    foreach (var items in options.WindowItems)
                    {
                        var elapsed = await Jobs.RunAsync(rig.Client, bounded ? "windowed" : "unbounded", items, PollInterval, cancellationToken);
                        results[items].Add(items / elapsed.TotalSeconds);
                        progress(string.Create(CultureInfo.InvariantCulture,
                            $"window round {round + 1}: {(bounded ? "windowed" : "unbounded")} {items} items, {items / elapsed.TotalSeconds:F0} items/s, load average {LoadAverage.Now}"));
                    }
                }
                finally
                {
                    await storage.DisposeAsync();
                }
            }
        }

        var section = $"Dispatch window: one job alone, default window vs DispatchWindow={Unbounded}, {options.WindowRounds} alternating round(s), fresh Azurite each";
        foreach (var items in options.WindowItems)
        {
            var (with, without) = (windowed[items].Average(), unbounded[items].Average());
            report.Add(section, $"{items:N0} items, windowed, items/s", with, "items/s", $"window_items_per_s_{items}");
            report.Add(section, $"{items:N0} items, unbounded, items/s", without, "items/s", $"unbounded_items_per_s_{items}");
            report.Add(section, $"{items:N0} items, windowed ÷ unbounded", with / without, "", $"window_throughput_ratio_{items}", new Target(0.95, AtLeast: true));
            report.Note(string.Create(CultureInfo.InvariantCulture,
                $"{items:N0}-item rounds, windowed: {string.Join(", ", windowed[items].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; unbounded: {string.Join(", ", unbounded[items].Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} items/s."));
        }
    }
}
