namespace ComputeEngine.Dashboard.Components.Jobs;

/// <summary>What the jobs page's filter form holds; a relative range ("last hour") slides with every refresh.</summary>
public sealed record JobQuery(IReadOnlyList<string> Statuses, string Range, DateTime? From, DateTime? To, string? Prefix)
{
    public const string AnyTime = "any";
    public const string Custom = "custom";

    public static JobQuery Default { get; } = new([], AnyTime, null, null, null);

    public static IReadOnlyList<(string Key, string Label, TimeSpan? Span)> Ranges { get; } =
    [
        (AnyTime, "any time", null),
        ("15m", "last 15 minutes", TimeSpan.FromMinutes(15)),
        ("1h", "last hour", TimeSpan.FromHours(1)),
        ("24h", "last 24 hours", TimeSpan.FromHours(24)),
        ("7d", "last 7 days", TimeSpan.FromDays(7)),
        (Custom, "custom (UTC)…", null),
    ];

    /// <summary>The API filter at <paramref name="now"/>; custom times are read as UTC.</summary>
    public Orchestrator.JobFilter ToFilter(DateTimeOffset now)
    {
        var prefix = string.IsNullOrWhiteSpace(Prefix) ? null : Prefix.Trim();
        if (Range == Custom)
        {
            return new(Statuses, Utc(From), Utc(To), prefix);
        }

        var span = Ranges.FirstOrDefault(r => r.Key == Range).Span;
        return new(Statuses, span is { } s ? now - s : null, null, prefix);
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
