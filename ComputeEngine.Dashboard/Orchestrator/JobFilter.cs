using System.Globalization;

namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>The list and purge filters of the instances API.</summary>
public sealed record JobFilter(IReadOnlyList<string> Statuses, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, string? InstanceIdPrefix)
{
    public static JobFilter None { get; } = new([], null, null, null);

    /// <summary>The <c>runtimeStatus</c> parameter: the statuses separated by commas, or none.</summary>
    public string? StatusList => Statuses.Count > 0 ? string.Join(',', Statuses) : null;

    public string? From => Parameter(CreatedFrom);

    public string? To => Parameter(CreatedTo);

    public string? Prefix => string.IsNullOrWhiteSpace(InstanceIdPrefix) ? null : InstanceIdPrefix.Trim();

    /// <summary>The purge-many endpoint requires a start time: without one, purge from the beginning.</summary>
    public JobFilter ForPurge() => CreatedFrom is null ? this with { CreatedFrom = DateTimeOffset.UnixEpoch } : this;

    public string Describe()
    {
        var parts = new List<string> { Statuses.Count > 0 ? "status " + string.Join(" or ", Statuses) : "any status" };
        if (CreatedFrom is { } from && from > DateTimeOffset.UnixEpoch)
        {
            parts.Add("created from " + Format(from));
        }

        if (CreatedTo is { } to)
        {
            parts.Add("created until " + Format(to));
        }

        if (!string.IsNullOrWhiteSpace(InstanceIdPrefix))
        {
            parts.Add($"id starting with \"{InstanceIdPrefix.Trim()}\"");
        }

        return string.Join(", ", parts);
    }

    private static string? Parameter(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
