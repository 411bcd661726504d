using ComputeEngine.Worker.Processing;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Tests;

public sealed class ClaimBudgetTests
{
    private static ClaimBudget Budget(int concurrency) =>
        new(Options.Create(new WorkerOptions { Concurrency = concurrency, ClaimAhead = TimeSpan.FromSeconds(1) }));

    [Fact]
    public void Before_any_item_ran_only_the_running_slots_are_claimed()
    {
        var budget = Budget(concurrency: 2);

        Assert.Equal(2, budget.TryAcquire("sleep", 100));
        Assert.Equal(0, budget.TryAcquire("sleep", 100));
    }

    [Fact]
    public void Slow_items_are_claimed_only_as_far_as_the_slots_start_them_within_the_claim_ahead_time()
    {
        var budget = Budget(concurrency: 2);
        budget.Observe("sleep", 500);

        Assert.Equal(6, budget.Capacity("sleep"));
        Assert.Equal(6, budget.TryAcquire("sleep", 100));
    }

    [Fact]
    public void Fast_items_get_room_for_whole_batches()
    {
        var budget = Budget(concurrency: 2);
        budget.Observe("sum", 0.02);

        Assert.Equal(100, budget.TryAcquire("sum", 100));
        Assert.Equal(100, budget.TryAcquire("sum", 100));
    }

    [Fact]
    public async Task A_waiting_claim_gets_room_when_another_gives_it_back()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var budget = Budget(concurrency: 2);
        Assert.Equal(2, budget.TryAcquire("sleep", 2));

        var waiting = budget.AcquireAsync("sleep", 5, timeout.Token);
        Assert.False(waiting.IsCompleted);
        budget.Release(1);

        Assert.Equal(1, await waiting);
        Assert.Equal(2, budget.Held);
    }

    [Fact]
    public void Until_a_batch_has_shown_its_shape_the_replica_takes_one_message_at_a_time()
    {
        var budget = Budget(concurrency: 2);

        Assert.Equal(1, budget.MessagesToTake(8));
        using var arrival = budget.Arrive();
        Assert.Equal(0, budget.MessagesToTake(8));
    }

    [Fact]
    public async Task A_replica_whose_room_is_held_by_slow_items_leaves_further_batches_on_the_queue()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var budget = Budget(concurrency: 2);
        budget.Observe("sleep", 500);

        Assert.Equal(6, await budget.AcquireBatchAsync("sleep", 10, budget.Arrive(), timeout.Token));
        Assert.Equal(0, budget.MessagesToTake(8));

        // Room for 4 more of the 6: one more batch of 10 is enough to fill it.
        budget.Release(4);
        Assert.Equal(1, budget.MessagesToTake(8));
        using var arriving = budget.Arrive();
        Assert.Equal(0, budget.MessagesToTake(8));
    }

    [Fact]
    public async Task While_a_received_batch_waits_for_room_no_other_is_taken()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var budget = Budget(concurrency: 2);
        Assert.Equal(2, await budget.AcquireBatchAsync("sleep", 2, budget.Arrive(), timeout.Token));
        var waiting = budget.AcquireBatchAsync("sleep", 1, budget.Arrive(), timeout.Token);
        Assert.False(waiting.IsCompleted);
        budget.Observe("sleep", 0.001);
        Assert.Equal(0, budget.MessagesToTake(8));

        budget.Release(1);
        Assert.Equal(1, await waiting);
        Assert.Equal(8, budget.MessagesToTake(8));
    }

    [Fact]
    public async Task Fast_items_leave_room_for_as_many_messages_as_the_receive_allows()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var budget = Budget(concurrency: 2);
        budget.Observe("sum", 0.02);

        Assert.Equal(100, await budget.AcquireBatchAsync("sum", 100, budget.Arrive(), timeout.Token));
        Assert.Equal(32, budget.MessagesToTake(32));
    }
}
