using ComputeEngine.Contracts.Api;
using ComputeEngine.Orchestrator.Dispatch;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComputeEngine.Orchestrator.Tests.Logic;

/// <summary>
/// A new job's first window outranks older jobs (issue 21: a 10-item job behind a 100,000-item one took
/// 2.3–4.4 s, waiting behind the big job's window on the queue and among its storage requests), and only
/// for as long as that window is uncounted, the job runs and <see cref="OrchestratorOptions.NewJobPrecedence"/> lasts.
/// </summary>
public sealed class DispatchPrecedenceTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 4, 0, 0, TimeSpan.Zero));
    private readonly HeaderCache _headers;
    private readonly DispatchArbiter _arbiter;
    private readonly InstanceHeader _big;

    public DispatchPrecedenceTests()
    {
        var options = Options.Create(new OrchestratorOptions { DispatchWindow = 24, NewJobPrecedence = TimeSpan.FromSeconds(5) });
        _headers = new HeaderCache(options, _clock);
        _arbiter = new DispatchArbiter(_headers, _clock, options);
        _big = Header("big", created: _clock.GetUtcNow().AddMinutes(-1), batchSize: 100);
        _arbiter.Enter(_big.PartitionKey, _big.Priority);
    }

    public void Dispose() => _headers.Dispose();

    [Fact]
    public void An_older_job_is_outranked_while_a_new_jobs_first_window_is_uncounted_and_the_new_job_is_not()
    {
        var small = Arrive(Header("small", created: _clock.GetUtcNow(), batchSize: 1, dispatched: 10, fannedOut: true));

        Assert.True(Outranked(_big));
        Assert.False(Outranked(small));

        Count(small, 9);
        Assert.True(Outranked(_big));
        Count(small, 10);
        Assert.False(Outranked(_big));
    }

    [Fact]
    public void A_big_new_job_takes_precedence_only_until_its_first_window_is_counted()
    {
        var second = Arrive(Header("second", created: _clock.GetUtcNow(), batchSize: 100, dispatched: 2_400));

        Count(second, 2_399);
        Assert.True(Outranked(_big));
        Count(second, 2_400);
        Assert.False(Outranked(_big));
    }

    [Fact]
    public void Precedence_ends_after_its_time_even_when_no_completion_is_counted()
    {
        // A lost completion must not hold the older jobs at one batch until the reconciler recounts.
        Arrive(Header("small", created: _clock.GetUtcNow(), batchSize: 1, dispatched: 10, fannedOut: true));

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(Outranked(_big));
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(Outranked(_big));
    }

    [Fact]
    public void Precedence_ends_when_the_new_job_ends()
    {
        var small = Arrive(Header("small", created: _clock.GetUtcNow(), batchSize: 1, dispatched: 10, fannedOut: true));

        small.RuntimeStatus = RuntimeStatus.Terminated;
        Remember(small);

        Assert.False(Outranked(_big));
    }

    [Fact]
    public void A_new_job_of_lower_priority_does_not_outrank_an_older_one_of_higher_priority()
    {
        var urgent = Header("urgent", created: _clock.GetUtcNow().AddMinutes(-1), batchSize: 100, priority: 5);
        Arrive(Header("small", created: _clock.GetUtcNow(), batchSize: 1, dispatched: 10, fannedOut: true, priority: 4));

        Assert.False(Outranked(urgent));
        Assert.True(Outranked(_big));
    }

    [Fact]
    public void An_older_arrival_does_not_outrank_a_newer_job()
    {
        Arrive(Header("older", created: _clock.GetUtcNow().AddMinutes(-2), batchSize: 1, dispatched: 10, fannedOut: true));

        Assert.False(Outranked(_big));
    }

    [Fact]
    public void A_zero_precedence_turns_it_off()
    {
        var options = Options.Create(new OrchestratorOptions { NewJobPrecedence = TimeSpan.Zero });
        var arbiter = new DispatchArbiter(_headers, _clock, options);
        arbiter.Arrived(Header("small", created: _clock.GetUtcNow(), batchSize: 1, dispatched: 10, fannedOut: true));

        Assert.False(arbiter.Outranked(_big.PartitionKey, _big.Priority, _big.CreatedTime));
    }

    private bool Outranked(InstanceHeader header) => _arbiter.Outranked(header.PartitionKey, header.Priority, header.CreatedTime);

    private InstanceHeader Arrive(InstanceHeader header)
    {
        _arbiter.Arrived(header);
        Remember(header);
        return header;
    }

    private void Count(InstanceHeader header, int succeeded)
    {
        header.Succeeded = succeeded;
        Remember(header);
    }

    // The fan-in writes every header it changes through the cache; each write is newer than the last.
    private void Remember(InstanceHeader header)
    {
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        header.LastUpdatedTime = _clock.GetUtcNow();
        _headers.Remember(header);
    }

    private static InstanceHeader Header(
        string id, DateTimeOffset created, int batchSize, int dispatched = 0, bool fannedOut = false, int priority = JobPriority.Default) =>
        new()
        {
            PartitionKey = id,
            RuntimeStatus = RuntimeStatus.Running,
            CreatedTime = created,
            BatchSize = batchSize,
            Priority = priority,
            DispatchedItems = dispatched,
            Total = fannedOut ? dispatched : 0,
            FanOutComplete = fannedOut,
        };
}
