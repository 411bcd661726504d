using ComputeEngine.Dashboard.Metrics;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class RateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Items_per_second_is_the_growth_of_each_jobs_finished_count_over_the_time_between_readings()
    {
        var counter = new CompletionCounter();
        Assert.Null(counter.Observe(T0, T0, [new("a", 10, T0.AddMinutes(-1), false), new("b", 0, T0.AddMinutes(-1), false)]));
        var rate = counter.Observe(T0.AddSeconds(2), T0.AddSeconds(2), [new("a", 30, T0.AddMinutes(-1), false), new("b", 4, T0.AddMinutes(-1), false)]);
        Assert.Equal(12, rate);
    }

    [Fact]
    public void A_job_first_seen_under_way_counts_from_then_unless_it_started_after_the_last_reading()
    {
        var counter = new CompletionCounter();
        counter.Observe(T0, T0, []);
        var rate = counter.Observe(T0.AddSeconds(1), T0.AddSeconds(1), [new("old", 500, T0.AddMinutes(-5), false), new("new", 7, T0.AddSeconds(0.5), false)]);
        Assert.Equal(7, rate);
    }

    [Fact]
    public void A_finished_job_adds_its_last_items_once_and_is_then_forgotten()
    {
        var counter = new CompletionCounter();
        counter.Observe(T0, T0, [new("a", 90, T0.AddMinutes(-1), false)]);
        Assert.Equal(10, counter.Observe(T0.AddSeconds(1), T0.AddSeconds(1), [new("a", 100, T0.AddMinutes(-1), true)]));
        Assert.Empty(counter.Known);
        Assert.Equal(0, counter.Observe(T0.AddSeconds(2), T0.AddSeconds(2), []));
    }

    [Fact]
    public void Counts_that_go_down_after_a_rewind_add_nothing()
    {
        var counter = new CompletionCounter();
        counter.Observe(T0, T0, [new("a", 100, T0.AddMinutes(-1), false)]);
        Assert.Equal(0, counter.Observe(T0.AddSeconds(1), T0.AddSeconds(1), [new("a", 95, T0.AddMinutes(-1), false)]));
    }

    [Fact]
    public void Rate_window_measures_across_its_span_and_needs_a_second_of_data()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(10));
        window.Add(T0, 0);
        Assert.Null(window.PerSecond);
        window.Add(T0.AddMilliseconds(500), 5);
        Assert.Null(window.PerSecond);
        window.Add(T0.AddSeconds(2), 40);
        Assert.Equal(20, window.PerSecond);
        window.Add(T0.AddSeconds(20), 40);
        window.Add(T0.AddSeconds(22), 60);
        Assert.Equal(10, window.PerSecond);
    }

    [Fact]
    public void Rate_window_starts_over_when_the_count_goes_down()
    {
        var window = new RateWindow(TimeSpan.FromSeconds(10));
        window.Add(T0, 100);
        window.Add(T0.AddSeconds(2), 120);
        window.Add(T0.AddSeconds(3), 5);
        Assert.Null(window.PerSecond);
        window.Add(T0.AddSeconds(5), 25);
        Assert.Equal(10, window.PerSecond);
    }

    [Fact]
    public void Over_a_window_a_burst_of_items_still_counts_a_few_readings_later()
    {
        var counter = new CompletionCounter(TimeSpan.FromSeconds(5));
        counter.Observe(T0, T0, []);
        Assert.Equal(300, counter.Observe(T0.AddSeconds(1), T0.AddSeconds(1), [new("burst", 300, T0.AddSeconds(0.2), Final: true)]));
        Assert.Equal(150, counter.Observe(T0.AddSeconds(2), T0.AddSeconds(2), []));
        Assert.Equal(60, counter.Observe(T0.AddSeconds(5), T0.AddSeconds(5), []));
        Assert.Equal(0, counter.Observe(T0.AddSeconds(7), T0.AddSeconds(7), []));
    }

    [Fact]
    public void A_job_created_after_a_reading_was_asked_for_counts_whole_though_the_api_gives_its_creation_to_the_second()
    {
        // Asked at .4, answered at .6; the job is created at .8 and is over by the next reading. The API says it was
        // created at 10:00:00, before the answer: compared with the answer's time, its 300 items were lost.
        var counter = new CompletionCounter(TimeSpan.FromSeconds(5));
        counter.Observe(At(400), At(600), []);
        Assert.Equal(T0, counter.CreatedSince);
        Assert.Equal(300, counter.Observe(At(1400), At(1600), [new("short", 300, T0, Final: true)]));
    }

    [Fact]
    public void A_finished_job_returned_again_by_the_next_query_by_creation_time_counts_once()
    {
        // Readings half a second apart: the same second's creation window is queried twice.
        var counter = new CompletionCounter(TimeSpan.FromSeconds(5));
        counter.Observe(At(100), At(200), []);
        Assert.Equal(200, counter.Observe(At(600), At(700), [new("short", 100, T0, Final: true)]));
        Assert.Equal(100, counter.Observe(At(1100), At(1200), [new("short", 100, T0, Final: true)]));
    }

    [Fact]
    public void A_known_job_that_ended_counts_its_last_items_once_even_if_a_query_by_creation_time_returns_it()
    {
        var counter = new CompletionCounter(TimeSpan.FromSeconds(5));
        counter.Observe(At(100), At(200), []);
        Assert.Equal(80, counter.Observe(At(600), At(700), [new("a", 40, T0, Final: false)]));
        Assert.Equal(60, counter.Observe(At(1100), At(1200), [new("a", 60, T0, Final: true)]));
        Assert.Equal(40, counter.Observe(At(1600), At(1700), [new("a", 60, T0, Final: true)]));
    }

    // Whole ticks: a fractional AddSeconds can land a tick off and make an exact rate inexact.
    private static DateTimeOffset At(int milliseconds) => T0 + TimeSpan.FromMilliseconds(milliseconds);
}
