using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker.Tests;

public sealed class SettleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_claim_counts_an_attempt_before_the_item_runs()
    {
        var row = new ItemRecord { Attempts = 2 };

        Settle.Claim(row, "worker-1", "message-1", Now);

        // Claimed, not Running: the item waits for a slot until the worker writes that it started.
        Assert.Equal(ItemStatus.Claimed, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Equal(("worker-1", "message-1"), (row.Worker, row.ClaimMessage));
        Assert.Equal(Now, row.StartedAt);
    }

    [Theory]
    [InlineData("Running", "message-1", 0, true)] // a copy meets the live holder's claim
    [InlineData("Running", "message-2", 0, false)] // the holder's own message is back: the holder died
    [InlineData("Running", "message-1", 7, false)] // past item timeout + 2 visibility timeouts (5 + 2×1 min): no live holder left
    [InlineData("Running", "message-1", 6, true)]
    [InlineData("Claimed", "message-1", 0, true)] // claimed and waiting for a slot is held just the same
    [InlineData("Claimed", "message-2", 0, false)]
    [InlineData("Pending", "message-1", 0, false)] // waiting for a retry belongs to no one
    [InlineData("Succeeded", "message-1", 0, false)]
    [InlineData("Running", null, 0, false)] // claimed before claims named their message
    public void Only_a_running_item_under_another_live_message_is_held_elsewhere(string status, string? holder, int minutesAgo, bool held)
    {
        var row = new ItemRecord { Status = status, ClaimMessage = holder, StartedAt = Now.AddMinutes(-minutesAgo).AddSeconds(-1) };

        Assert.Equal(held, Settle.HeldByAnother(row, "message-2", Now, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_success_records_where_its_output_is()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 1, Error = "earlier failure" };

        Settle.Apply(row, new ItemOutcome.Success(JsonDocument.Parse("2").RootElement) { RunMilliseconds = 3 }, new OutputLocation("j/1.jsonl", 20, 1), Now, 5);

        Assert.Equal(ItemStatus.Succeeded, row.Status);
        Assert.Null(row.Error);
        Assert.Equal(("j/1.jsonl", 20L, 1L), (row.OutputBlob, row.OutputOffset!.Value, row.OutputLength!.Value));
        Assert.Equal(Now, row.FinishedAt);
    }

    [Theory]
    [InlineData("Claimed", "held the item claimed")]
    [InlineData("Running", "mid-item")]
    public void A_held_item_claimed_again_records_its_abandoned_attempt_as_what_it_was(string status, string says)
    {
        var row = new ItemRecord { Status = status, Attempts = 1, StartedAt = Now.AddMinutes(-1), Worker = "dead" };

        Settle.Claim(row, "worker-2", "message-2", Now);

        var abandoned = AttemptLog.Parse(row.AttemptLog).Single();
        Assert.Equal((AttemptOutcome.Abandoned, "dead"), (abandoned.Outcome, abandoned.Worker));
        Assert.Contains(says, abandoned.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_within_the_budget_is_retried()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 4 };

        Settle.Apply(row, new ItemOutcome.Failure("boom", Permanent: false) { RunMilliseconds = 1 }, default, Now, 5);

        Assert.Equal(ItemStatus.Pending, row.Status);
        Assert.Equal("boom", row.Error);
        Assert.Null(row.FinishedAt);
    }

    [Fact]
    public void A_failure_on_the_last_attempt_is_final()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 5 };

        Settle.Apply(row, new ItemOutcome.Failure("boom", Permanent: false) { RunMilliseconds = 1 }, default, Now, 5);

        Assert.Equal(ItemStatus.Failed, row.Status);
        Assert.Equal(Now, row.FinishedAt);
    }

    [Fact]
    public void A_permanent_failure_is_final_at_once()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 1 };

        Settle.Apply(row, new ItemOutcome.Failure("bad input", Permanent: true) { RunMilliseconds = 1 }, default, Now, 5);

        Assert.Equal(ItemStatus.Failed, row.Status);
    }

    [Fact]
    public void A_released_item_gets_its_attempt_back()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 2 };

        Settle.Apply(row, new ItemOutcome.Released { RunMilliseconds = 1 }, default, Now, 5);

        Assert.Equal(ItemStatus.Pending, row.Status);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public void Giving_up_keeps_the_last_error_and_says_why()
    {
        var row = new ItemRecord { Status = ItemStatus.Pending, Attempts = 5, Error = "timeout" };

        Settle.GiveUp(row, Now, null);

        Assert.Equal(ItemStatus.Failed, row.Status);
        Assert.Contains("5 attempts", row.Error, StringComparison.Ordinal);
        Assert.Contains("timeout", row.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_truncated_to_fit_a_table_row()
    {
        var row = new ItemRecord { Status = ItemStatus.Running, Attempts = 1 };

        Settle.Apply(row, new ItemOutcome.Failure(new string('x', 100_000), Permanent: true) { RunMilliseconds = 1 }, default, Now, 5);

        Assert.True(row.Error!.Length < 3000);
    }
}
