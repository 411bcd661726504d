using System.Globalization;

namespace ComputeEngine.Cli.Api;

/// <summary>The list filters of the Durable Functions API.</summary>
public sealed record InstanceListFilter(IReadOnlyList<string> Statuses, DateTimeOffset? From, DateTimeOffset? To, string? IdPrefix)
{
    public const int MaxPageSize = 1000;

    /// <summary>The <c>runtimeStatus</c> parameter: the statuses separated by commas, or none.</summary>
    public string? StatusList => Statuses.Count > 0 ? string.Join(',', Statuses) : null;

    public string? FromParameter => Parameter(From);

    public string? ToParameter => Parameter(To);

    public static int PageSize(int wanted) => Math.Clamp(wanted, 1, MaxPageSize);

    private static string? Parameter(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
