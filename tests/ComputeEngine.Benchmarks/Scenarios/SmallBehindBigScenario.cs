using System.Diagnostics;
using ComputeEngine.Benchmarks.Measurement;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// Fair share (issue 21): while a job of M items (100k by default) runs, K jobs of 10 items are submitted one
/// after another, each timed from submit to Completed; then the big job is terminated.
/// </summary>
public static class SmallBehindBigScenario
{
    private const int SmallItems = 10;
    private const int Runs = 5;
    private const int BigHeadStart = 3_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(EngineRig rig, int bigItems, Report report, CancellationToken cancellationToken)
    {
        var big = Jobs.NewId("big");
        await rig.Client.StartAsync(Jobs.CountBody(bigItems), big, cancellationToken);
        while (Succeeded((await rig.Client.GetStatusAsync(big, cancellationToken)).Body) < BigHeadStart)
        {
            await Task.Delay(100, cancellationToken);
        }

        var latencies = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var id = Jobs.NewId("small");
            var clock = Stopwatch.StartNew();
            await rig.Client.StartAsync(Jobs.CountBody(SmallItems), id, cancellationToken);
            await Jobs.WaitCompletedAsync(rig.Client, id, PollInterval, cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        var (_, during) = await rig.Client.GetStatusAsync(big, cancellationToken);
        var bigRunning = during.GetProperty("runtimeStatus").GetString() == "Running";
        using (await rig.Client.PostAsync($"/runtime/webhooks/durabletask/instances/{big}/terminate?reason=benchmark", cancellationToken))
        {
        }

        var section = $"{SmallItems}-item jobs submitted during a {bigItems:N0}-item job, {Runs} runs";
        report.Add(section, "submit → Completed p50", Percentiles.Of(latencies, 50), "ms", "small_job_behind_big_ms", new Target(2000, AtLeast: false));
        report.Add(section, "submit → Completed max", Percentiles.Of(latencies, 100), "ms");
        if (!bigRunning)
        {
            report.Note("The big job had ended before the small jobs were done: small_job_behind_big_ms did not measure a wait behind it.");
        }
    }

    private static int Succeeded(System.Text.Json.JsonElement status) =>
        status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == System.Text.Json.JsonValueKind.Object
            ? custom.GetProperty("succeeded").GetInt32()
            : 0;
}
