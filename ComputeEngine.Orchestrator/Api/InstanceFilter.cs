using System.Globalization;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Parses the list and purge filters of the query string.</summary>
public static class InstanceFilter
{
    public static (InstanceQuery? Query, ProblemHttpResult? Problem) Parse(
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix)
    {
        var statuses = new List<string>();
        foreach (var part in (runtimeStatus ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (RuntimeStatus.Normalize(part) is not { } status)
            {
                return (null, Problems.BadRequest("runtimeStatus", $"'{Short(part)}' is not a runtime status; use {string.Join(", ", RuntimeStatus.All)}."));
            }

            statuses.Add(status);
        }

        if (!TryTime(createdTimeFrom, out var from) || !TryTime(createdTimeTo, out var to))
        {
            return (null, Problems.BadRequest("createdTime", "createdTimeFrom and createdTimeTo must be ISO 8601 times, e.g. 2026-11-24T10:00:00Z."));
        }

        if (instanceIdPrefix is { Length: > Contracts.Storage.InstanceIds.MaxLength } || instanceIdPrefix?.Any(c => char.IsControl(c) || c is '|') == true)
        {
            return (null, Problems.BadRequest("instanceIdPrefix", "instanceIdPrefix must be at most 100 printable characters."));
        }

        return (new InstanceQuery(statuses, from, to, instanceIdPrefix), null);
    }

    private static bool TryTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (value is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    private static string Short(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
