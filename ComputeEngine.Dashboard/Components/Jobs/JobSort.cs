using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Components.Jobs;

/// <summary>How the jobs list is ordered: newest first unless a column header says otherwise.</summary>
public sealed record JobSort(string Column, bool Descending)
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Duration = "duration";
    public const string Status = "status";

    public static JobSort Default { get; } = new(Created, Descending: true);

    /// <summary>The order after a click on <paramref name="column"/>: the same column flips, another starts descending (status ascending).</summary>
    public JobSort Toggle(string column) => column == Column ? this with { Descending = !Descending } : new(column, column != Status);

    public IReadOnlyList<InstanceStatus> Apply(IEnumerable<InstanceStatus> jobs, DateTimeOffset now)
    {
        Func<InstanceStatus, IComparable> key = Column switch
        {
            Updated => j => j.LastUpdatedTime,
            Duration => j => JobMath.Duration(j, now),
            Status => j => j.RuntimeStatus,
            _ => j => j.CreatedTime,
        };
        // Ties (same status) fall back to newest first, then id, so the order is stable across refreshes.
        var ordered = Descending ? jobs.OrderByDescending(key) : jobs.OrderBy(key);
        return [.. ordered.ThenByDescending(j => j.CreatedTime).ThenBy(j => j.InstanceId, StringComparer.Ordinal)];
    }
}
