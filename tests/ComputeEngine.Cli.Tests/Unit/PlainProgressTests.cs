using ComputeEngine.Cli.Watching;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class PlainProgressTests
{
    [Fact]
    public void Plain_progress_prints_the_first_line_then_changes_at_most_every_two_seconds_and_always_the_last()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new PlainProgress(output, clock);

        progress.Report(new ProgressSnapshot("Running", 10, 0, 0, null));
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new ProgressSnapshot("Running", 10, 2, 0, null));
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Report(new ProgressSnapshot("Running", 10, 4, 0, null));
        clock.Advance(TimeSpan.FromSeconds(3));
        progress.Report(new ProgressSnapshot("Running", 10, 4, 0, null));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        progress.Report(new ProgressSnapshot("Completed", 10, 10, 0, null));

        Assert.Equal(
            ["Running: 0/10 done, 0 failed", "Running: 4/10 done, 0 failed", "Completed: 10/10 done, 0 failed"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
