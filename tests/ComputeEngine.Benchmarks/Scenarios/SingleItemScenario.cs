using System.Diagnostics;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// K jobs of one item, each submitted to an idle engine (its pollers backed off to their ceiling) and
/// polled every 5 ms until Completed; then what that idle engine costs in storage requests per second.
/// </summary>
public static class SingleItemScenario
{
    private const int WarmUpRuns = 2;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(4);

    // OrchestratorOptions.FanInAttentiveFor: how long the orchestrator keeps polling fast after a job's traffic.
    private static readonly TimeSpan AttentiveWindow = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(
        EngineRig rig, AzuriteFixture storage, PollingSettings polling, int runs, string? key, Target? target, Report report, CancellationToken cancellationToken)
    {
        var idle = polling.TimeToBackOffFully + TimeSpan.FromMilliseconds(250);
        for (var i = 0; i < WarmUpRuns; i++)
        {
            await Jobs.RunAsync(rig.Client, "single-warmup", 1, PollInterval, cancellationToken);
        }

        var latencies = new List<double>(runs);
        var timelines = new List<JobTimeline>(runs);
        for (var i = 0; i < runs; i++)
        {
            await Task.Delay(idle, cancellationToken);
            var id = Jobs.NewId("single");
            var submitted = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await rig.Client.StartAsync(Jobs.CountBody(1), id, cancellationToken);
            await Jobs.WaitCompletedAsync(rig.Client, id, PollInterval, cancellationToken);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (await JobTimeline.ReadAsync(rig.Client, storage, id, submitted, submitted + clock.Elapsed, cancellationToken) is { } timeline)
            {
                timelines.Add(timeline);
            }
        }

        await Task.Delay(TimeSpan.FromTicks(Math.Max(idle.Ticks, (AttentiveWindow + TimeSpan.FromMilliseconds(250)).Ticks)), cancellationToken);
        using var http = new HttpClient();
        var meter = new StorageRequestMeter(http);
        var before = await meter.ReadAsync(rig.MetricsEndpoints, cancellationToken);
        await Task.Delay(IdleWindow, cancellationToken);
        var idleRequests = StorageRequestMeter.Difference(await meter.ReadAsync(rig.MetricsEndpoints, cancellationToken), before).Values.Sum();

        var section = $"Single-item jobs, {runs} runs after {idle.TotalSeconds:0.##} s idle each: {polling}";
        report.Add(section, "submit → Completed p50", Percentiles.Of(latencies, 50), "ms", key, target);
        report.Add(section, "submit → Completed p95", Percentiles.Of(latencies, 95), "ms");
        report.Add(section, "submit → Completed min", Percentiles.Of(latencies, 0), "ms");
        for (var stage = 0; stage < JobTimeline.Stages.Length; stage++)
        {
            report.Add(section, $"  p50 {JobTimeline.Stages[stage]}", Percentiles.Of(timelines.Select(t => t.Values[stage]), 50), "ms");
        }

        report.Add(section, "idle storage requests, whole engine", idleRequests / IdleWindow.TotalSeconds, "req/s");
    }
}

/// <summary>The pollers' backoff of one engine configuration (worker work queue, orchestrator completions).</summary>
public sealed record PollingSettings(TimeSpan WorkerMin, TimeSpan WorkerMax, TimeSpan OrchestratorMin, TimeSpan OrchestratorMax)
{
    /// <summary>The services' defaults (WorkerOptions, OrchestratorOptions).</summary>
    public static PollingSettings Defaults { get; } = new(
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));

    public static PollingSettings WithCeilings(TimeSpan worker, TimeSpan orchestrator) => new(
        Min(Defaults.WorkerMin, worker), worker, Min(Defaults.OrchestratorMin, orchestrator), orchestrator);

    /// <summary>The environment that sets these values, empty for the defaults.</summary>
    public Dictionary<string, string> Environment() => this == Defaults ? [] : new()
    {
        ["Worker__MinPollingDelay"] = Format(WorkerMin),
        ["Worker__MaxPollingDelay"] = Format(WorkerMax),
        ["Orchestrator__MinPollingDelay"] = Format(OrchestratorMin),
        ["Orchestrator__MaxPollingDelay"] = Format(OrchestratorMax),
    };

    /// <summary>Longest time an empty poller takes to reach its ceiling: the sum of its doubling steps below it.</summary>
    public TimeSpan TimeToBackOffFully => Max(Steps(WorkerMin, WorkerMax), Steps(OrchestratorMin, OrchestratorMax));

    public override string ToString() =>
        $"Worker:MaxPollingDelay={WorkerMax.TotalMilliseconds:0} ms, Orchestrator:MaxPollingDelay={OrchestratorMax.TotalMilliseconds:0} ms" +
        (this == Defaults ? " (defaults)" : "");

    private static TimeSpan Steps(TimeSpan min, TimeSpan max)
    {
        var total = TimeSpan.Zero;
        for (var step = min; step < max; step *= 2)
        {
            total += step;
        }

        return total;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Format(TimeSpan value) => value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
