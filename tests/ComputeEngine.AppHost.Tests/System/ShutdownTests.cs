using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace ComputeEngine.AppHost.Tests.System;

public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("INT")]
    [InlineData("KILL")]
    public async Task Ctrl_C_or_a_killed_AppHost_leaves_no_process_of_it_behind_within_20_seconds(string signal)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // A long cooldown keeps the demo's workers running when the signal comes.
        await using var apphost = AppHostProcess.Start(output, "--demo=40", "--cooldown=600");
        await apphost.WaitForStatusAsync(
            status => status.GetProperty("resources").EnumerateArray().Any(r => r.GetProperty("state").GetString() == "Running"), timeout.Token);
        var running = apphost.Descendants();

        apphost.Signal(signal);
        var clock = Stopwatch.StartNew();
        var left = apphost.Descendants();
        while (left.Count > 0 && clock.Elapsed < Budget)
        {
            await Task.Delay(250, timeout.Token);
            left = apphost.Descendants();
        }

        output.WriteLine($"SIG{signal}: everything gone after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains(running.Values, command => command.Contains("ComputeEngine.Worker", StringComparison.Ordinal));
        Assert.Contains(running.Values, command => command.Contains("ComputeEngine.Orchestrator", StringComparison.Ordinal));
        Assert.Contains(running.Values, command => command.Contains("azurite", StringComparison.Ordinal));
        Assert.Contains(running.Values, command => command.Contains("dcp", StringComparison.Ordinal));
        Assert.True(left.Count == 0, $"Still running {Budget.TotalSeconds} s after SIG{signal}: {JsonSerializer.Serialize(left)}");
    }
}
