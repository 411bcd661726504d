using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComputeEngine.Orchestrator.Tests.Logic;

/// <summary>The two pieces that keep status and completion latency low: the header cache and the fan-in signal.</summary>
public sealed class StatusLatencyTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_cached_header_serves_until_it_is_too_old()
    {
        using var cache = new HeaderCache(Options(), _clock);
        cache.Remember(Header("job", succeeded: 5, updated: _clock.GetUtcNow()));

        Assert.Equal(5, cache.Get("job")!.Succeeded);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotNull(cache.Get("job"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Get("job"));
    }

    [Fact]
    public void An_older_write_finishing_late_does_not_replace_a_newer_one()
    {
        using var cache = new HeaderCache(Options(), _clock);
        var older = _clock.GetUtcNow();
        cache.Remember(Header("job", succeeded: 7, updated: older.AddMilliseconds(10)));
        cache.Remember(Header("job", succeeded: 6, updated: older));

        Assert.Equal(7, cache.Get("job")!.Succeeded);
    }

    [Fact]
    public void The_cache_keeps_a_copy_and_forgets_purged_jobs()
    {
        using var cache = new HeaderCache(Options(), _clock);
        var header = Header("job", succeeded: 1, updated: _clock.GetUtcNow());
        cache.Remember(header);
        header.Succeeded = 99;

        Assert.Equal(1, cache.Get("job")!.Succeeded);
        cache.Forget("job");
        Assert.Null(cache.Get("job"));
    }

    [Fact]
    public void A_zero_max_age_turns_the_cache_off()
    {
        using var cache = new HeaderCache(Options(new OrchestratorOptions { StatusCacheMaxAge = TimeSpan.Zero }), _clock);
        cache.Remember(Header("job", succeeded: 1, updated: _clock.GetUtcNow()));

        Assert.Null(cache.Get("job"));
    }

    [Fact]
    public void The_signal_stays_attentive_for_its_window_after_work_goes_out()
    {
        var signal = new FanInSignal(Options(), _clock);
        Assert.False(signal.Attentive);

        signal.WorkInFlight();
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(signal.Attentive);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(signal.Attentive);
    }

    [Fact]
    public async Task Work_going_out_wakes_a_backed_off_listener()
    {
        var signal = new FanInSignal(Options(), TimeProvider.System);
        var pause = signal.PauseAsync(Backoff(TimeSpan.FromMinutes(5)), CancellationToken.None);
        Assert.False(pause.IsCompleted);

        signal.WorkInFlight();

        await pause.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task A_pause_ends_by_itself_and_on_cancellation()
    {
        var signal = new FanInSignal(Options(), TimeProvider.System);
        await signal.PauseAsync(Backoff(TimeSpan.FromMilliseconds(10)), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var pause = signal.PauseAsync(Backoff(TimeSpan.FromMinutes(5)), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pause.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    private static IOptions<OrchestratorOptions> Options(OrchestratorOptions? options = null) =>
        Microsoft.Extensions.Options.Options.Create(options ?? new OrchestratorOptions());

    private static PollingBackoff Backoff(TimeSpan delay) => new(delay, delay);

    private static InstanceHeader Header(string id, int succeeded, DateTimeOffset updated) =>
        new() { PartitionKey = id, Succeeded = succeeded, LastUpdatedTime = updated };
}
