using System.Globalization;

namespace ComputeEngine.Dashboard.Metrics;

/// <summary>How numbers and times read on the pages: invariant, UTC, short.</summary>
public static class Format
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Count(long? value) => value is { } v ? Count(v) : "–";

    public static string Rate(double? perSecond) =>
        perSecond is not { } v ? "–" : v >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    public static string Clock(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    public static string Duration(TimeSpan? span)
    {
        if (span is not { } s)
        {
            return "–";
        }

        return s.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalMilliseconds:0} ms")
            : s.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:0.#} s")
            : s.TotalHours < 1 ? Pair((int)s.TotalMinutes, "min", s.Seconds, "s")
            : s.TotalDays < 1 ? Pair((int)s.TotalHours, "h", s.Minutes, "min")
            : Pair((int)s.TotalDays, "d", s.Hours, "h");
    }

    private static string Pair(int major, string majorUnit, int minor, string minorUnit) => minor == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
        : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");

    public static string Milliseconds(double? ms) => ms is { } v ? Duration(TimeSpan.FromMilliseconds(v)) : "–";

    public static string Ago(TimeSpan age) => Duration(age) + " ago";
}
