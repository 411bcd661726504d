using ComputeEngine.Cli.Watching;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class ProgressSnapshotTests
{
    [Fact]
    public void A_running_job_shows_done_of_total_failures_rate_and_time_left()
    {
        var snapshot = new ProgressSnapshot("Running", 1000, 117, 3, 40);

        Assert.Equal("Running: 120/1000 done, 3 failed, 40.0 items/s, ETA 22s", snapshot.Describe());
    }

    [Fact]
    public void A_job_whose_total_is_not_known_yet_shows_a_question_mark_and_no_eta()
    {
        var snapshot = new ProgressSnapshot("Running", -1, 50, 0, 25);

        Assert.Equal("Running: 50/? done, 0 failed, 25.0 items/s", snapshot.Describe());
        Assert.Null(snapshot.Eta);
    }

    [Fact]
    public void A_finished_job_has_no_eta()
    {
        Assert.Equal("Completed: 10/10 done, 0 failed", new ProgressSnapshot("Completed", 10, 10, 0, null).Describe());
        Assert.Null(new ProgressSnapshot("Failed", 10, 9, 1, 3).Eta);
    }

    [Theory]
    [InlineData(0.25, "250ms")]
    [InlineData(42, "42s")]
    [InlineData(185, "3m 05s")]
    [InlineData(7380, "2h 03m")]
    [InlineData(273600, "3d 04h")]
    public void Durations_read_in_the_largest_two_units(double seconds, string expected) =>
        Assert.Equal(expected, Output.Formats.Duration(TimeSpan.FromSeconds(seconds)));
}
