using ComputeEngine.Cli.Watching;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class RateMeterTests
{
    [Fact]
    public void Rate_is_unknown_until_half_a_second_has_passed()
    {
        var meter = new RateMeter();

        Assert.Null(meter.Add(TimeSpan.Zero, 0));
        Assert.Null(meter.Add(TimeSpan.FromMilliseconds(300), 30));
        Assert.Equal(100, meter.Add(TimeSpan.FromSeconds(1), 100)!.Value, 3);
    }

    [Fact]
    public void Rate_follows_the_recent_pace_rather_than_the_average_since_the_start()
    {
        var meter = new RateMeter(TimeSpan.FromSeconds(10));
        for (var second = 0; second <= 30; second++)
        {
            // 100 items/s for 20 s, then 10 items/s.
            meter.Add(TimeSpan.FromSeconds(second), second <= 20 ? second * 100 : 2000 + ((second - 20) * 10));
        }

        var rate = meter.Add(TimeSpan.FromSeconds(31), 2110)!.Value;

        Assert.InRange(rate, 9, 11);
    }

    [Fact]
    public void Rate_is_zero_when_nothing_finishes()
    {
        var meter = new RateMeter();
        meter.Add(TimeSpan.Zero, 40);

        Assert.Equal(0, meter.Add(TimeSpan.FromSeconds(5), 40));
    }
}
