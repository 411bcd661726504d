using ComputeEngine.Contracts.Api;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Watching;
using Spectre.Console.Testing;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class LiveProgressTests
{
    [Fact]
    public async Task A_terminal_shows_a_progress_bar_with_counts_rate_and_eta()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var console = new TestConsole().Width(150).Interactive().EmitAnsiSequences();
        var final = new InstanceStatus("ComputeOrchestrator", "job-1", "Completed", null, new JobProgress(10, 10, 10, 0), null, default, default);

        var status = await LiveProgress.RunAsync(console, "job-1", async report =>
        {
            report(new ProgressSnapshot("Running", 10, 5, 0, 2.5));
            await Task.Delay(150, timeout.Token);
            report(new ProgressSnapshot("Completed", 10, 10, 0, null));
            return final;
        });

        Assert.Same(final, status);
        Assert.Contains("Running: 5/10 done, 0 failed, 2.50 items/s, ETA 2s", console.Output, StringComparison.Ordinal);
        Assert.Contains("Completed: 10/10 done, 0 failed", console.Output, StringComparison.Ordinal);
        Assert.Contains("100%", console.Output, StringComparison.Ordinal);
    }
}
