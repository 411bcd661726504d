using System.Diagnostics;
using System.Text.Json;
using ComputeEngine.Benchmarks.Measurement;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// Fair share (issue 21): while a job of M items (100k by default) runs, K jobs of 10 items are submitted one
/// after another, each timed from submit to Completed; then the big job is terminated. Before each small job the
/// big one counts a full window more (<see cref="Refill"/>), so every small job meets the big one's window
/// refilled rather than drained by the small job before it. Where each small job's time went is read back from
/// its header and item rows (see <see cref="SmallJobPhases"/>), and how fast the big job went meanwhile.
/// </summary>
public static class SmallBehindBigScenario
{
    private const int SmallItems = 10;
    private const int Runs = 5;
    private const int BigHeadStart = 3_000;

    // The default window: 24 batches of 100 items.
    private const int Refill = 2_400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(EngineRig rig, int bigItems, Report report, CancellationToken cancellationToken)
    {
        var big = Jobs.NewId("big");
        await rig.Client.StartAsync(Jobs.CountBody(bigItems), big, cancellationToken);
        var bigDone = await WaitSucceededAsync(rig, big, BigHeadStart, cancellationToken);
        var bigClock = Stopwatch.StartNew();
        var (bigStart, smallTime) = (bigDone, TimeSpan.Zero);
        var latencies = new List<double>();
        var phases = new List<SmallJobPhases>();
        for (var i = 0; i < Runs; i++)
        {
            bigDone = await WaitSucceededAsync(rig, big, bigDone + Refill, cancellationToken);
            var id = Jobs.NewId("small");
            var submitted = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await rig.Client.StartAsync(Jobs.CountBody(SmallItems), id, cancellationToken);
            await Jobs.WaitCompletedAsync(rig.Client, id, PollInterval, cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            smallTime += clock.Elapsed;
            phases.Add(await SmallJobPhases.ReadAsync(rig.Client, id, submitted, submitted + clock.Elapsed, cancellationToken));
        }

        var (_, during) = await rig.Client.GetStatusAsync(big, cancellationToken);
        var bigRunning = during.GetProperty("runtimeStatus").GetString() == "Running";
        var bigRate = (Succeeded(during) - bigStart) / bigClock.Elapsed.TotalSeconds;
        using (await rig.Client.PostAsync($"/runtime/webhooks/durabletask/instances/{big}/terminate?reason=benchmark", cancellationToken))
        {
        }

        var section = $"{SmallItems}-item jobs submitted during a {bigItems:N0}-item job, {Runs} runs";
        report.Add(section, "submit → Completed p50", Percentiles.Of(latencies, 50), "ms", "small_job_behind_big_ms", new Target(2000, AtLeast: false));
        report.Add(section, "submit → Completed max", Percentiles.Of(latencies, 100), "ms");
        SmallJobPhases.Report(phases, section, report);
        report.Add(section, "the big job meanwhile, items/s", bigRate, "items/s", "big_job_items_per_s_during_small");
        report.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Small jobs ran {smallTime.TotalSeconds:F1} s of the {bigClock.Elapsed.TotalSeconds:F1} s the big job was measured; latencies {string.Join(", ", latencies.Select(l => l.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms."));
        if (!bigRunning)
        {
            report.Note("The big job had ended before the small jobs were done: small_job_behind_big_ms did not measure a wait behind it.");
        }
    }

    private static async Task<int> WaitSucceededAsync(EngineRig rig, string big, int atLeast, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, status) = await rig.Client.GetStatusAsync(big, cancellationToken);
            var succeeded = Succeeded(status);
            if (succeeded >= atLeast || status.GetProperty("runtimeStatus").GetString() != "Running")
            {
                return succeeded;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static int Succeeded(JsonElement status) =>
        status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object
            ? custom.GetProperty("succeeded").GetInt32()
            : 0;
}
