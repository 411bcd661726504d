using System.Globalization;
using System.Text;

namespace ComputeEngine.Cli.Api;

/// <summary>The list filters of the Durable Functions API, as a query string.</summary>
public sealed record InstanceListFilter(IReadOnlyList<string> Statuses, DateTimeOffset? From, DateTimeOffset? To, string? IdPrefix)
{
    public const int MaxPageSize = 1000;

    public string ToQuery(int pageSize)
    {
        var query = new StringBuilder().Append("top=").Append(Math.Clamp(pageSize, 1, MaxPageSize).ToString(CultureInfo.InvariantCulture));
        if (Statuses.Count > 0)
        {
            query.Append("&runtimeStatus=").Append(Uri.EscapeDataString(string.Join(',', Statuses)));
        }

        Append(query, "createdTimeFrom", From);
        Append(query, "createdTimeTo", To);
        if (!string.IsNullOrEmpty(IdPrefix))
        {
            query.Append("&instanceIdPrefix=").Append(Uri.EscapeDataString(IdPrefix));
        }

        return query.ToString();
    }

    private static void Append(StringBuilder query, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            query.Append('&').Append(name).Append('=')
                .Append(Uri.EscapeDataString(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        }
    }
}
