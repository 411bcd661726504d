using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker.Tests;

public sealed class AttemptLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_attempt_is_logged_with_its_worker_times_outcome_and_detail_and_backoff_is_not_queue_wait()
    {
        var row = new ItemRecord { EnqueuedAt = Now.AddSeconds(-2) };
        Settle.Claim(row, "worker-1", "m1", Now);
        Settle.Apply(row, new ItemOutcome.Failure("InvalidOperationException: boom", Permanent: false) { RunMilliseconds = 11, Detail = "at Sleep.Run()" }, default, Now.AddMilliseconds(11), 3);
        Settle.Claim(row, "worker-2", "m1", Now.AddSeconds(10));
        Settle.Apply(row, new ItemOutcome.Success(JsonDocument.Parse("1").RootElement) { RunMilliseconds = 5 }, new OutputLocation("b", 0, 1), Now.AddSeconds(10).AddMilliseconds(5), 3);

        var attempts = AttemptLog.Parse(row.AttemptLog);

        Assert.Equal(
            [(1, "worker-1", Now, AttemptOutcome.Retried, "at Sleep.Run()"), (2, "worker-2", Now.AddSeconds(10), AttemptOutcome.Succeeded, null)],
            attempts.Select(a => (a.Number, a.Worker!, a.StartedTime, a.Outcome, a.Detail)).ToList());
        Assert.Equal(Now, row.FirstStartedAt);
        Assert.Equal(10_000 - 11, row.BackoffMilliseconds);
    }

    [Fact]
    public void A_first_attempt_that_succeeds_keeps_no_log()
    {
        var row = new ItemRecord();
        Settle.Claim(row, "worker-1", "m1", Now);
        Settle.Apply(row, new ItemOutcome.Success(JsonDocument.Parse("1").RootElement) { RunMilliseconds = 5 }, new OutputLocation("b", 0, 1), Now, 3);

        Assert.Null(row.AttemptLog);
    }

    [Fact]
    public void A_worker_that_died_mid_item_leaves_an_abandoned_attempt()
    {
        var row = new ItemRecord();
        Settle.Claim(row, "worker-1", "m1", Now);
        Settle.Claim(row, "worker-2", "m1", Now.AddMinutes(1));

        var attempt = Assert.Single(AttemptLog.Parse(row.AttemptLog));
        Assert.Equal((1, "worker-1", AttemptOutcome.Abandoned, (DateTimeOffset?)null), (attempt.Number, attempt.Worker, attempt.Outcome, attempt.EndedTime));
    }

    [Fact]
    public void The_log_keeps_the_last_ten_attempts_within_its_bound_whatever_the_errors()
    {
        string? log = null;
        for (var i = 1; i <= 25; i++)
        {
            log = AttemptLog.Append(log, new ItemAttempt(i, Now, AttemptOutcome.Retried, "w", Now, 1, new string('e', 10_000), new string('\u0001', 50_000)));
        }

        var attempts = AttemptLog.Parse(log);
        Assert.True(log!.Length <= AttemptLog.MaxChars, $"{log.Length} characters");
        Assert.Equal(25, attempts[^1].Number);
        Assert.InRange(attempts.Count, 1, AttemptLog.MaxAttempts);
        Assert.Equal(Enumerable.Range(26 - attempts.Count, attempts.Count), attempts.Select(a => a.Number));
    }

    [Fact]
    public void Ten_attempts_with_stack_traces_of_4_KiB_keep_the_newest_two_whole()
    {
        string? log = null;
        var trace = string.Join('\n', Enumerable.Range(0, 400).Select(i => $"   at Frame{i}()"))[..AttemptLog.MaxDetailChars];
        for (var i = 1; i <= 12; i++)
        {
            log = AttemptLog.Append(log, new ItemAttempt(i, Now, AttemptOutcome.Retried, "w", Now, 1, "boom", trace));
        }

        var attempts = AttemptLog.Parse(log);
        Assert.Equal(AttemptLog.MaxAttempts, attempts.Count);
        Assert.Equal(trace, attempts[^1].Detail);
        Assert.Equal(trace, attempts[^2].Detail);
    }
}
