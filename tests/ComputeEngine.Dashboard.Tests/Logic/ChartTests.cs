using ComputeEngine.Contracts.Api;
using ComputeEngine.Dashboard.Components.Charts;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class ChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Polyline_maps_time_to_x_and_value_to_height_from_the_bottom()
    {
        var points = new ChartPoint[] { new(T0, 0), new(T0.AddSeconds(5), 5), new(T0.AddSeconds(10), 10) };
        Assert.Equal("0,60 150,30 300,0", ChartGeometry.Polyline(points, T0, T0.AddSeconds(10), 10, 300, 60));
    }

    [Fact]
    public void Values_above_the_scale_and_times_outside_the_window_are_clipped_to_the_box()
    {
        var points = new ChartPoint[] { new(T0.AddSeconds(-5), 50), new(T0.AddSeconds(20), -1) };
        Assert.Equal("0,0 300,60", ChartGeometry.Polyline(points, T0, T0.AddSeconds(10), 10, 300, 60));
    }

    [Fact]
    public void Area_closes_the_line_down_to_the_baseline()
    {
        var points = new ChartPoint[] { new(T0, 5), new(T0.AddSeconds(10), 10) };
        Assert.Equal("M0,60 L0,30 L300,0 L300,60 Z", ChartGeometry.Area(points, T0, T0.AddSeconds(10), 10, 300, 60));
        Assert.Equal("", ChartGeometry.Area([], T0, T0.AddSeconds(10), 10, 300, 60));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.4, 1)]
    [InlineData(3, 5)]
    [InlineData(12, 20)]
    [InlineData(50, 50)]
    [InlineData(51, 100)]
    [InlineData(740, 1000)]
    public void Scale_tops_are_round_numbers(double max, double expected) => Assert.Equal(expected, ChartGeometry.NiceMax(max));

    [Fact]
    public void Timeline_splits_each_item_into_queue_wait_then_run_on_a_shared_axis()
    {
        ItemView Item(int id, string status, double enqueued, double? started, double? finished) => new(
            id, status, 1, "worker-1", T0.AddSeconds(enqueued), started is { } s ? T0.AddSeconds(s) : null,
            finished is { } f ? T0.AddSeconds(f) : null, null, null, null, null, null);

        var timeline = TimelineLayout.Build(
            [Item(0, "Succeeded", 0, 2, 4), Item(1, "Running", 0, 6, null), Item(2, "Pending", 5, null, null), Item(3, "Pending", 0, null, null) with { EnqueuedTime = null }],
            now: T0.AddSeconds(10),
            width: 1000);

        Assert.Equal(T0, timeline.Start);
        Assert.Equal(T0.AddSeconds(10), timeline.End);
        Assert.Equal([0, 1, 2], timeline.Rows.Select(r => r.ItemId));
        var done = timeline.Rows[0];
        Assert.Equal((0, 200, 200, 200), (done.WaitX, done.WaitWidth, done.RunX, done.RunWidth));
        var running = timeline.Rows[1];
        Assert.Equal((0, 600, 600, 400), (running.WaitX, running.WaitWidth, running.RunX, running.RunWidth));
        var pending = timeline.Rows[2];
        Assert.Equal((500, 500, 0), (pending.WaitX, pending.WaitWidth, pending.RunWidth));
        Assert.Contains("waited 2 s · ran 2 s · worker-1", done.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Item_waiting_for_a_retry_shows_its_failed_attempt_rather_than_running_until_now()
    {
        var retrying = new ItemView(4, "Pending", 1, "worker-1", T0, T0.AddSeconds(1), null, 1000, 500, "sleep: asked to fail", null, null);
        var done = new ItemView(5, "Succeeded", 1, "worker-1", T0, T0.AddSeconds(1), T0.AddSeconds(2), 1000, 1000, null, null, null);

        var timeline = TimelineLayout.Build([retrying, done], now: T0.AddSeconds(10), width: 1000);

        Assert.Equal(T0.AddSeconds(2), timeline.End);
        var row = timeline.Rows[0];
        Assert.Equal((0, 500, 500, 250, "failed"), (row.WaitX, row.WaitWidth, row.RunX, row.RunWidth, row.Run));
        Assert.Equal("ok", timeline.Rows[1].Run);
    }

    [Fact]
    public void Timeline_of_items_that_never_started_is_empty()
    {
        var item = new ItemView(0, "Pending", 0, null, null, null, null, null, null, null, null, null);
        Assert.Empty(TimelineLayout.Build([item], T0, 1000).Rows);
    }
}
