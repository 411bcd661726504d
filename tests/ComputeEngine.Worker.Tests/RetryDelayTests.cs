using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker.Tests;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(6, 32000)]
    [InlineData(7, 60000)]
    [InlineData(100, 60000)]
    public void Retry_delay_doubles_per_attempt_up_to_the_ceiling(int attempts, int expectedMilliseconds)
    {
        var delay = RetryDelay.After(attempts, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
    }

    [Fact]
    public void Polling_backoff_grows_with_jitter_to_its_ceiling_and_resets()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next()).ToList();
        backoff.Reset();
        var afterReset = backoff.Next();

        Assert.InRange(delays[0].TotalMilliseconds, 25, 50);
        Assert.InRange(delays[1].TotalMilliseconds, 50, 100);
        Assert.All(delays.Skip(4), d => Assert.InRange(d.TotalMilliseconds, 200, 400));
        Assert.InRange(afterReset.TotalMilliseconds, 25, 50);
    }
}
