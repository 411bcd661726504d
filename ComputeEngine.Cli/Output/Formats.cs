using System.Globalization;

namespace ComputeEngine.Cli.Output;

/// <summary>How times, durations, rates and statuses read on the console.</summary>
public static class Formats
{
    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A short duration: <c>850ms</c>, <c>42s</c>, <c>3m 05s</c>, <c>2h 03m</c>, <c>3d 04h</c>.</summary>
    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)duration.TotalMilliseconds)}ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m {duration.Seconds:D2}s"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes:D2}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours:D2}h"),
    };

    public static string Rate(double itemsPerSecond) => itemsPerSecond switch
    {
        >= 100 => itemsPerSecond.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => itemsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
        _ => itemsPerSecond.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string StatusColor(string runtimeStatus) => runtimeStatus switch
    {
        RuntimeStatus.Completed => "green",
        RuntimeStatus.Failed => "red",
        RuntimeStatus.Terminated => "yellow",
        RuntimeStatus.Running => "blue",
        _ => "grey",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}
