using System.Globalization;

namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>The list and purge filters of the instances API.</summary>
public sealed record JobFilter(IReadOnlyList<string> Statuses, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, string? InstanceIdPrefix)
{
    public static JobFilter None { get; } = new([], null, null, null);

    /// <summary>The filter as query parameters (without <c>?</c>); empty parts are left out.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        if (Statuses.Count > 0)
        {
            parts.Add("runtimeStatus=" + string.Join(',', Statuses));
        }

        Add(parts, "createdTimeFrom", CreatedFrom);
        Add(parts, "createdTimeTo", CreatedTo);
        if (!string.IsNullOrWhiteSpace(InstanceIdPrefix))
        {
            parts.Add("instanceIdPrefix=" + Uri.EscapeDataString(InstanceIdPrefix.Trim()));
        }

        return string.Join('&', parts);
    }

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

    private static void Add(List<string> parts, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
