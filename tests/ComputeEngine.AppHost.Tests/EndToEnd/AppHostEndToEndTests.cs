using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace ComputeEngine.AppHost.Tests.EndToEnd;

/// <summary>Runs the real AppHost, which builds and runs the real orchestrator and workers.</summary>
public sealed class AppHostEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task A_job_completes_while_workers_scale_from_zero_and_back_and_SIGTERM_stops_everything_within_10_seconds()
    {
        using var timeout = new CancellationTokenSource(Budget);
        await using var host = AppHostProcess.Start(output);

        var healthy = await host.WaitUntilHealthyAsync(timeout.Token);
        var job = await AppHostProcess.WaitForJobAsync(await host.SubmitJobAsync(60, timeout.Token), timeout.Token);
        var scaledToZero = await host.WaitForStatusAsync(
            status => Scaler(status).GetProperty("replicas").GetInt32() == 0 && Decisions(status).Any(d => d.To == 0), timeout.Token);

        Assert.Equal(0, Scaler(healthy).GetProperty("replicas").GetInt32());
        Assert.Empty(AppHostProcess.Workers(healthy));
        Assert.Equal("Completed", job.GetProperty("runtimeStatus").GetString());
        Assert.Equal(60, job.GetProperty("customStatus").GetProperty("succeeded").GetInt32());
        Assert.Contains(Decisions(scaledToZero), d => d.From == 0 && d.To >= 1);
        Assert.DoesNotContain(AppHostProcess.Workers(scaledToZero), w => w.GetProperty("state").GetString() != "Stopping");

        await host.SubmitJobAsync(400, timeout.Token);
        await host.WaitForStatusAsync(status => AppHostProcess.Workers(status).Any(w => w.GetProperty("state").GetString() == "Healthy"), timeout.Token);
        var children = ProcessTree.DescendantsWithCommandLines(host.Pid);
        var clock = Stopwatch.StartNew();
        host.Signal("TERM");
        await host.WaitForExitAsync(timeout.Token);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}");
        Assert.Contains(children.Values, command => command.Contains("ComputeEngine.Worker.dll", StringComparison.Ordinal));
        Assert.Empty(Survivors(children));
    }

    [Fact]
    public async Task A_crashed_service_is_restarted_and_after_SIGKILL_of_the_AppHost_no_child_survives()
    {
        using var timeout = new CancellationTokenSource(Budget);
        await using var host = AppHostProcess.Start(output);
        await host.WaitUntilHealthyAsync(timeout.Token);

        host.Signal("KILL", Assert.Single(host.ChildrenRunning("ComputeEngine.Orchestrator.dll")));
        var recovered = await host.WaitForStatusAsync(status => AppHostProcess.Resource(status, "orchestrator") is { } orchestrator
            && orchestrator.GetProperty("restarts").GetInt32() == 1 && orchestrator.GetProperty("state").GetString() == "Healthy", timeout.Token);
        await host.SubmitJobAsync(400, timeout.Token);
        await host.WaitForStatusAsync(status => AppHostProcess.Workers(status).Any(w => w.GetProperty("state").GetString() == "Healthy"), timeout.Token);
        var children = ProcessTree.DescendantsWithCommandLines(host.Pid);
        host.Signal("KILL");
        await host.WaitForExitAsync(timeout.Token);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        grace.CancelAfter(TimeSpan.FromSeconds(5));
        while (children.Keys.Any(ProcessTree.IsAlive) && !grace.IsCancellationRequested)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Equal(137, AppHostProcess.Resource(recovered, "orchestrator")!.Value.GetProperty("lastExitCode").GetInt32());
        Assert.Contains(host.Output, line => line.Contains("orchestrator exited unexpectedly", StringComparison.Ordinal));
        Assert.Contains(children.Values, command => command.Contains("ComputeEngine.Worker.dll", StringComparison.Ordinal));
        Assert.Contains(children.Values, command => command.Contains("azurite", StringComparison.Ordinal));
        Assert.Empty(Survivors(children));
    }

    [Fact]
    public async Task A_missing_values_file_stops_the_AppHost_before_anything_starts_with_a_clear_message()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var missing = Path.Combine(Path.GetTempPath(), "no-such-values.yaml");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ComputeEngine.AppHost.dll"), "--values", missing])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = ComputeEngine.Testing.RepositoryRoot.Path,
        })!;
        var error = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"KEDA settings not found: {missing}", error, StringComparison.Ordinal);
    }

    private static List<string> Survivors(IReadOnlyDictionary<int, string> children) =>
        [.. children.Where(child => ProcessTree.IsAlive(child.Key)).Select(child => $"{child.Key}: {child.Value}")];

    private static JsonElement Scaler(JsonElement status) => status.GetProperty("scaler");

    private static IEnumerable<(int From, int To)> Decisions(JsonElement status) =>
        Scaler(status).GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("from").GetInt32(), d.GetProperty("to").GetInt32()));
}
