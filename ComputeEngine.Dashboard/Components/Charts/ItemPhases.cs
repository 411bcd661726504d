using ComputeEngine.Contracts.Storage;
using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Components.Charts;

/// <summary>One stretch of an item's life: waiting in the queue, an attempt's run, or the backoff before the next attempt.</summary>
public sealed record ItemPhase(string Kind, string Label, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// Cuts an item's life into queue wait, each attempt, and the backoff between attempts, so that a retried
/// item's wait for its next attempt is not read as time in the queue.
/// </summary>
public static class ItemPhases
{
    public const string Wait = "wait";
    public const string Backoff = "backoff";

    public static IReadOnlyList<ItemPhase> Build(ItemView item, DateTimeOffset now)
    {
        var attempts = item.AttemptLog ?? [];
        var phases = new List<ItemPhase>();
        if (item.EnqueuedTime is { } enqueued && (item.FirstStartedTime ?? (attempts.Count > 0 ? attempts[0].StartedTime : null)) is { } first)
        {
            phases.Add(new(Wait, "queue wait", enqueued, first));
        }

        DateTimeOffset? previousEnd = null;
        foreach (var attempt in attempts)
        {
            if (previousEnd is { } ended && attempt.StartedTime > ended)
            {
                phases.Add(new(Backoff, "backoff", ended, attempt.StartedTime));
            }

            var end = attempt.EndedTime ?? (attempt.Outcome is ItemStatus.Running or ItemStatus.Claimed ? now : attempt.StartedTime);
            phases.Add(new(KindOf(attempt.Outcome), $"attempt {attempt.Number} ({attempt.Outcome.ToLowerInvariant()}{(attempt.RunMilliseconds is { } ran ? $", the algorithm ran {Format.Milliseconds(ran)}" : "")})", attempt.StartedTime, end));
            previousEnd = attempt.EndedTime;
        }

        if (item.Status == ItemStatus.Pending && previousEnd is { } waiting)
        {
            phases.Add(new(Backoff, "backoff (waiting to retry)", waiting, now));
        }

        return phases;
    }

    private static string KindOf(string outcome) => outcome switch
    {
        AttemptOutcome.Succeeded => "ok",
        ItemStatus.Running => "running",
        ItemStatus.Claimed => Wait,
        _ => "failed",
    };
}
