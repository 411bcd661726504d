using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Metrics;

/// <summary>Progress, duration, throughput and ETA of a job, from its counts and times.</summary>
public static class JobMath
{
    private const string RewoundEvent = "ExecutionRewound";

    private static readonly HashSet<string> EndEvents = ["ExecutionCompleted", "ExecutionFailed", "ExecutionTerminated"];

    /// <summary>Percent of items finished (0–100); 0 while the total is unknown.</summary>
    public static double Percent(int done, int total) => total <= 0 ? 0 : Math.Clamp(100.0 * done / total, 0, 100);

    /// <summary>
    /// From creation to the last update when finished, else to now; for a rewound job (when its history is
    /// known) only the stretches it ran: the idle time between ending and a rewind is not the job's.
    /// </summary>
    public static TimeSpan Duration(InstanceStatus job, DateTimeOffset now)
    {
        var end = job.IsFinal ? job.LastUpdatedTime : now;
        if (job.HistoryEvents?.Any(e => e.EventType == RewoundEvent) != true)
        {
            return end > job.CreatedTime ? end - job.CreatedTime : TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        DateTimeOffset? since = job.CreatedTime;
        foreach (var e in job.HistoryEvents.OrderBy(e => e.Timestamp))
        {
            if (e.EventType == RewoundEvent)
            {
                since ??= e.Timestamp;
            }
            else if (since is { } start && EndEvents.Contains(e.EventType))
            {
                total += e.Timestamp > start ? e.Timestamp - start : TimeSpan.Zero;
                since = null;
            }
        }

        return since is { } open && end > open ? total + (end - open) : total;
    }

    /// <summary>Items per second over the job's whole life so far.</summary>
    public static double? AverageRate(InstanceStatus job, DateTimeOffset now)
    {
        var seconds = Duration(job, now).TotalSeconds;
        return seconds <= 0 || job.Done == 0 ? null : job.Done / seconds;
    }

    /// <summary>Time left at <paramref name="itemsPerSecond"/>; null when finished, stalled or unknown.</summary>
    public static TimeSpan? Eta(InstanceStatus job, double? itemsPerSecond)
    {
        var remaining = job.Total - job.Done;
        if (job.IsFinal || job.Total <= 0 || remaining <= 0 || itemsPerSecond is not > 0)
        {
            return null;
        }

        return TimeSpan.FromSeconds(Math.Min(remaining / itemsPerSecond.Value, TimeSpan.FromDays(365).TotalSeconds));
    }
}
