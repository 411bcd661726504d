using ComputeEngine.Contracts.Api;
using ComputeEngine.Orchestrator.Dispatch;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Time.Testing;

namespace ComputeEngine.Orchestrator.Tests.Logic;

/// <summary>What a job's window is sized from: the items the fan-in counted of it over the last few seconds.</summary>
public sealed class DrainRateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void It_is_what_was_counted_over_the_recent_span()
    {
        var drain = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        for (var second = 0; second <= 10; second++)
        {
            // 500 items a second for five seconds, then 1,500.
            drain.Observe(Counted(second <= 5 ? second * 500 : 2_500 + (second - 5) * 1_500));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(4_500, drain.CountedLately);
    }

    [Fact]
    public void A_burst_counts_as_what_it_was_not_as_a_rate_over_the_whole_span()
    {
        // The fan-in counted 3,200 items at once half a second in: the window may hold 3,200, not 3 s × 6,400/s.
        var drain = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        drain.Observe(Counted(0));
        Assert.Equal(0, drain.CountedLately);

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        drain.Observe(Counted(3_200));
        Assert.Equal(3_200, drain.CountedLately);

        // Counted items age out: with no counts for longer than the span, the window falls back to its floor.
        _clock.Advance(TimeSpan.FromSeconds(4));
        drain.Observe(Counted(3_200));
        Assert.Equal(0, drain.CountedLately);
    }

    [Fact]
    public void Failures_count_as_drained_and_a_rewind_never_makes_it_negative()
    {
        var drain = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        drain.Observe(Counted(1_000, failed: 500));
        _clock.Advance(TimeSpan.FromSeconds(1));
        drain.Observe(Counted(1_000, failed: 0));
        Assert.Equal(0, drain.CountedLately);

        _clock.Advance(TimeSpan.FromSeconds(1));
        drain.Observe(Counted(1_600, failed: 400));
        Assert.Equal(500, drain.CountedLately);
    }

    private static InstanceHeader Counted(int succeeded, int failed = 0) =>
        new() { PartitionKey = "job", RuntimeStatus = RuntimeStatus.Running, Succeeded = succeeded, Failed = failed };
}
