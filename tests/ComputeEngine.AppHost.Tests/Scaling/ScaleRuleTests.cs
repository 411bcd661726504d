using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost.Tests.Scaling;

public sealed class ScaleRuleTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ScaleSettings Seed = new(
        PollingInterval: TimeSpan.FromSeconds(5),
        CooldownPeriod: TimeSpan.FromSeconds(30),
        MinReplicaCount: 0,
        MaxReplicaCount: 10,
        QueueLength: 5,
        ActivationQueueLength: 0,
        QueueLengthStrategy: ScaleSettings.AllMessages);

    [Theory]
    [InlineData(0, 0, null, 0)] // an empty queue keeps zero workers
    [InlineData(1, 0, null, 1)] // one message activates the first worker
    [InlineData(5, 0, null, 1)]
    [InlineData(6, 0, null, 2)]
    [InlineData(23, 1, 0, 5)] // ceil(23 / 5)
    [InlineData(1000, 2, 0, 10)] // capped at maxReplicaCount
    [InlineData(3, 4, 0, 1)] // between 1 and max the HPA scales down at once
    [InlineData(0, 3, 10, 1)] // cooling down: one worker stays
    [InlineData(0, 3, 29, 1)]
    [InlineData(0, 3, 30, 0)] // cooldown elapsed: scale to zero
    [InlineData(0, 1, 45, 0)]
    public void Desired_replicas_follow_the_KEDA_azure_queue_rules(long queueLength, int replicas, int? secondsSinceActive, int expected)
    {
        var state = new ScalerState(replicas, secondsSinceActive is { } s ? Now.AddSeconds(-s) : null);

        var decision = ScaleRule.Next(Seed, state, queueLength, Now);

        Assert.Equal(expected, decision.Next.Replicas);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Theory]
    [InlineData(10, 0, null, 0)] // at the activation length nothing starts
    [InlineData(11, 0, null, 3)]
    [InlineData(8, 2, 5, 2)] // below activation but cooling down: the HPA still sizes by length
    [InlineData(8, 2, 31, 0)]
    public void Activation_queue_length_decides_when_the_worker_leaves_or_returns_to_zero(long queueLength, int replicas, int? secondsSinceActive, int expected)
    {
        var settings = Seed with { ActivationQueueLength = 10 };
        var state = new ScalerState(replicas, secondsSinceActive is { } s ? Now.AddSeconds(-s) : null);

        Assert.Equal(expected, ScaleRule.Next(settings, state, queueLength, Now).Next.Replicas);
    }

    [Theory]
    [InlineData(0, 0, 2)]
    [InlineData(0, 5, 2)]
    [InlineData(12, 2, 3)]
    public void A_minimum_above_zero_is_kept_and_cooldown_does_not_apply(long queueLength, int replicas, int expected)
    {
        var settings = Seed with { MinReplicaCount = 2 };
        var state = new ScalerState(replicas, Now.AddHours(-1));

        Assert.Equal(expected, ScaleRule.Next(settings, state, queueLength, Now).Next.Replicas);
    }

    [Fact]
    public void A_non_empty_queue_restarts_the_cooldown()
    {
        var state = new ScalerState(2, Now.AddSeconds(-29));

        var afterMessage = ScaleRule.Next(Seed, state, 1, Now).Next;
        var later = ScaleRule.Next(Seed, afterMessage, 0, Now.AddSeconds(29)).Next;
        var afterCooldown = ScaleRule.Next(Seed, later, 0, Now.AddSeconds(30)).Next;

        Assert.Equal(Now, afterMessage.LastActive);
        Assert.Equal(1, later.Replicas);
        Assert.Equal(0, afterCooldown.Replicas);
    }

    [Fact]
    public void Local_overrides_cap_the_replicas_and_shorten_the_intervals()
    {
        var options = new AppHostOptions { MaxReplicas = 4, PollingInterval = 1, CooldownPeriod = 5 };

        var local = (Seed with { MaxReplicaCount = 100, MinReplicaCount = 6 }).WithLocalOverrides(options);

        Assert.Equal(4, local.MaxReplicaCount);
        Assert.Equal(4, local.MinReplicaCount);
        Assert.Equal(TimeSpan.FromSeconds(1), local.PollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), local.CooldownPeriod);
        Assert.Equal(4, ScaleRule.Next(local, new(0, null), 1000, Now).Next.Replicas);
    }
}
