using System.Diagnostics;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// One job of N <c>sum</c> items computed in Python: the shipped runner in persistent processes
/// (<c>Worker:Processes:pysum:Mode=Persistent</c>), after a warm-up job that starts each worker's processes.
/// </summary>
public static class PythonThroughputScenario
{
    public const string Algorithm = "pysum";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The worker settings that register the algorithm: python3, the runner from the worker's output, a one-line sum module.</summary>
    public static Dictionary<string, string> WorkerSettings() => new()
    {
        [$"Worker__Processes__{Algorithm}__Command"] = "python3",
        [$"Worker__Processes__{Algorithm}__Mode"] = "Persistent",
        [$"Worker__Processes__{Algorithm}__Arguments__0"] = "{WorkerDirectory}/runners/python/computeengine_runner.py",
        [$"Worker__Processes__{Algorithm}__Arguments__1"] = "--module",
        [$"Worker__Processes__{Algorithm}__Arguments__2"] = PythonAlgorithms.SumModule,
    };

    public static async Task RunAsync(EngineRig rig, int items, int workers, Report report, CancellationToken cancellationToken)
    {
        var section = $"Python: one job of {items:N0} sum items through the Python runner (persistent processes), {workers} workers";
        var warmUp = Stopwatch.StartNew();
        await RunJobAsync(rig, 200, cancellationToken);
        report.Add(section, "warm-up job of 200 items (starts the Python processes)", warmUp.Elapsed.TotalSeconds, "s");

        var clock = Stopwatch.StartNew();
        await RunJobAsync(rig, items, cancellationToken);
        report.Add(section, "items/s (submit → Completed)", items / clock.Elapsed.TotalSeconds, "items/s", "python_sum_items_per_s", new Target(500, AtLeast: true));
    }

    private static async Task RunJobAsync(EngineRig rig, int items, CancellationToken cancellationToken)
    {
        var id = Jobs.NewId(Algorithm);
        await rig.Client.StartAsync($"{{\"inputCount\":{items},\"algorithm\":\"{Algorithm}\"}}", id, cancellationToken);
        await Jobs.WaitCompletedAsync(rig.Client, id, PollInterval, cancellationToken);
    }
}
