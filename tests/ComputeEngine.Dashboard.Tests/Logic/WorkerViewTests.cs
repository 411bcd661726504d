using ComputeEngine.Dashboard.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class WorkerViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static WorkerHeartbeat Heartbeat(string name, string state, double secondsAgo) =>
        new() { RowKey = name, State = state, LastHeartbeat = Now.AddSeconds(-secondsAgo) };

    [Theory]
    [InlineData("Running", 1, WorkerLiveness.Running)]
    [InlineData("Draining", 1, WorkerLiveness.Draining)]
    [InlineData("Stopped", 1, WorkerLiveness.Gone)]
    [InlineData("Running", 11, WorkerLiveness.Gone)]
    [InlineData("Draining", 30, WorkerLiveness.Gone)]
    public void A_worker_is_live_while_its_heartbeat_is_fresh_and_it_has_not_stopped(string state, double secondsAgo, WorkerLiveness expected) =>
        Assert.Equal(expected, WorkerView.From(Heartbeat("w", state, secondsAgo), Now, Timeout).Liveness);

    [Fact]
    public void Live_workers_come_first_in_natural_order_and_long_gone_ones_are_left_out()
    {
        var workers = WorkerDirectory.Select(
            [
                Heartbeat("worker-10", "Running", 1),
                Heartbeat("worker-2", "Running", 1),
                Heartbeat("worker-1", "Stopped", 60),
                Heartbeat("worker-3", "Running", 3600),
                Heartbeat("worker-4", "Draining", 2),
            ],
            Now,
            Timeout,
            goneShownFor: TimeSpan.FromMinutes(10));

        Assert.Equal(["worker-2", "worker-4", "worker-10", "worker-1"], workers.Select(w => w.Name));
        Assert.Equal(TimeSpan.FromSeconds(60), workers[^1].Age);
    }
}
