using ComputeEngine.Orchestrator.Dispatch;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Time.Testing;

namespace ComputeEngine.Orchestrator.Tests.Logic;

/// <summary>The rate a job's window is sized from: items counted per second over the last few seconds.</summary>
public sealed class DrainRateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_rate_is_what_was_counted_over_the_recent_span()
    {
        var rate = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        for (var second = 0; second <= 10; second++)
        {
            // 500 items a second for five seconds, then 1,500.
            rate.Observe(Counted(second <= 5 ? second * 500 : 2_500 + (second - 5) * 1_500));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1_500, rate.ItemsPerSecond, precision: 6);
    }

    [Fact]
    public void No_rate_before_half_a_second_of_counts_nor_from_one_look()
    {
        var rate = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        Assert.Equal(0, rate.ItemsPerSecond);

        rate.Observe(Counted(0));
        Assert.Equal(0, rate.ItemsPerSecond);
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        rate.Observe(Counted(800));
        Assert.Equal(0, rate.ItemsPerSecond);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        rate.Observe(Counted(1_000));
        Assert.Equal(2_000, rate.ItemsPerSecond, precision: 6);
    }

    [Fact]
    public void Failures_count_as_drained_and_a_rewind_never_makes_it_negative()
    {
        var rate = new DrainRate(_clock, TimeSpan.FromSeconds(3));
        rate.Observe(Counted(1_000, failed: 500));
        _clock.Advance(TimeSpan.FromSeconds(1));
        rate.Observe(Counted(1_000, failed: 0));
        Assert.Equal(0, rate.ItemsPerSecond);

        _clock.Advance(TimeSpan.FromSeconds(1));
        rate.Observe(Counted(1_600, failed: 400));
        Assert.Equal(250, rate.ItemsPerSecond, precision: 6);
    }

    private static InstanceHeader Counted(int succeeded, int failed = 0) =>
        new() { PartitionKey = "job", RuntimeStatus = RuntimeStatus.Running, Succeeded = succeeded, Failed = failed };
}
