using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Components.Charts;

/// <summary>
/// One item's bars: waiting in the queue, retry backoff (with any earlier runs) from the first attempt to the
/// last, then the last run (x and width in chart units); <see cref="Run"/> colours the run.
/// </summary>
public sealed record TimelineRow(int ItemId, string Status, double WaitX, double WaitWidth, double RunX, double RunWidth, string Title)
{
    public double BackoffX { get; init; }

    public double BackoffWidth { get; init; }

    /// <summary>ok, running, or failed (also for a pending item whose last attempt failed and waits for a retry).</summary>
    public string Run => Status switch
    {
        "Running" => "running",
        "Failed" or "Pending" => "failed",
        _ => "ok",
    };
}

/// <summary>A Gantt chart of a page of items over [<see cref="Start"/>, <see cref="End"/>].</summary>
public sealed record Timeline(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<TimelineRow> Rows)
{
    public TimeSpan Span => End - Start;
}

/// <summary>
/// Lays items out on a time axis: a pending item waits until now, a running one runs until now, and one
/// retried after a failed attempt shows that attempt's run.
/// </summary>
public static class TimelineLayout
{
    private const double MinRunWidth = 1.5;

    public static Timeline Build(IReadOnlyList<ItemView> items, DateTimeOffset now, double width)
    {
        var spans = items
            .Select(item => (Item: item, Span: SpanOf(item, now)))
            .Where(x => x.Span is not null)
            .Select(x => (x.Item, Span: x.Span!.Value))
            .ToList();
        if (spans.Count == 0)
        {
            return new(now, now, []);
        }

        var start = spans.Min(x => x.Span.Enqueued);
        var end = spans.Max(x => x.Span.End);
        var seconds = Math.Max((end - start).TotalSeconds, 0.001);
        double X(DateTimeOffset time) => Math.Clamp((time - start).TotalSeconds / seconds, 0, 1) * width;

        var rows = spans.Select(x =>
        {
            var (item, span) = x;
            var waitX = X(span.Enqueued);
            var runX = X(span.Started ?? span.End);
            // A retried item waited in the queue only until its first attempt; the rest is backoff.
            var firstX = item.FirstStartedTime is { } first && span.Started is not null ? Math.Min(X(first), runX) : runX;
            var runWidth = span.Started is { } started ? Math.Max(X(span.End) - X(started), MinRunWidth) : 0;
            return new TimelineRow(item.ItemId, item.Status, waitX, firstX - waitX, Math.Min(runX, width - runWidth), runWidth, Title(item, span))
            {
                BackoffX = firstX,
                BackoffWidth = runX - firstX,
            };
        }).ToList();
        return new(start, end, rows);
    }

    private static (DateTimeOffset Enqueued, DateTimeOffset? Started, DateTimeOffset End)? SpanOf(ItemView item, DateTimeOffset now)
    {
        if ((item.EnqueuedTime ?? item.StartedTime) is not { } enqueued)
        {
            return null;
        }

        // A claimed item waits for a slot on its worker: it has not started.
        var started = item.Status == "Claimed" ? null : item.StartedTime;
        var end = item.FinishedTime
            ?? (item.Status == "Running" ? now
            : started is { } s && item.RunMilliseconds is { } ms ? s.AddMilliseconds(ms)
            : item.Status is "Pending" or "Claimed" ? now
            : started ?? enqueued);
        return (enqueued, started, end < enqueued ? enqueued : end);
    }

    private static string Title(ItemView item, (DateTimeOffset Enqueued, DateTimeOffset? Started, DateTimeOffset End) span)
    {
        var wait = (item.FirstStartedTime ?? span.Started ?? span.End) - span.Enqueued;
        var run = span.Started is { } started ? span.End - started : (TimeSpan?)null;
        return $"item {item.ItemId} · {item.Status} · waited {Format.Duration(wait)}"
            + (item.BackoffMilliseconds is > 0 and { } backoff ? $" · backoff {Format.Milliseconds(backoff)} over {item.Attempts} attempts" : "")
            + (run is { } r ? $" · ran {Format.Duration(r)}" : "")
            + (item.Worker is { } worker ? $" · {worker}" : "");
    }
}
