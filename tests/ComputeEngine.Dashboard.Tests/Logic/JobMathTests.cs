using ComputeEngine.Contracts.Api;
using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class JobMathTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static InstanceStatus Job(string status, int total, int succeeded, int failed, TimeSpan updatedAfter) => new(
        "ComputeOrchestrator", "job", status, null, new JobProgress(total, total, succeeded, failed), null, Created, Created + updatedAfter);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(50, 200, 25)]
    [InlineData(200, 200, 100)]
    [InlineData(10, -1, 0)]
    [InlineData(300, 200, 100)]
    public void Percent_is_done_over_total_and_zero_while_the_total_is_unknown(int done, int total, double expected) =>
        Assert.Equal(expected, JobMath.Percent(done, total));

    [Fact]
    public void Running_job_lasts_until_now_and_a_finished_one_until_its_last_update()
    {
        var now = Created.AddSeconds(90);
        Assert.Equal(TimeSpan.FromSeconds(90), JobMath.Duration(Job("Running", 10, 1, 0, TimeSpan.FromSeconds(5)), now));
        Assert.Equal(TimeSpan.FromSeconds(5), JobMath.Duration(Job("Completed", 10, 10, 0, TimeSpan.FromSeconds(5)), now));
    }

    [Fact]
    public void Average_rate_counts_succeeded_and_failed_items_over_the_jobs_life()
    {
        var job = Job("Completed", 100, 90, 10, TimeSpan.FromSeconds(20));
        Assert.Equal(5, JobMath.AverageRate(job, Created.AddHours(1)));
        Assert.Null(JobMath.AverageRate(Job("Running", 100, 0, 0, TimeSpan.Zero), Created.AddSeconds(3)));
    }

    [Fact]
    public void Eta_is_the_items_left_at_the_current_rate()
    {
        var job = Job("Running", 1000, 380, 20, TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(60), JobMath.Eta(job, 10));
    }

    [Fact]
    public void Eta_is_unknown_when_stalled_finished_or_the_total_is_not_known_yet()
    {
        Assert.Null(JobMath.Eta(Job("Running", 100, 10, 0, TimeSpan.Zero), 0));
        Assert.Null(JobMath.Eta(Job("Running", 100, 10, 0, TimeSpan.Zero), null));
        Assert.Null(JobMath.Eta(Job("Terminated", 100, 10, 0, TimeSpan.Zero), 5));
        Assert.Null(JobMath.Eta(Job("Running", -1, 10, 0, TimeSpan.Zero), 5));
    }
}
