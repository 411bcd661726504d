using ComputeEngine.AppHost.Running;

namespace ComputeEngine.AppHost.Tests.Running;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(50, 30)]
    public void Restarts_wait_twice_as_long_after_each_consecutive_crash_up_to_a_ceiling(int crashes, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RestartBackoff.For(crashes));
    }
}
