using System.Globalization;

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>
/// Reads /proc. DCP runs detached from the AppHost (its parent is init), so what an AppHost started is found by an
/// environment variable every process it started inherits, not by walking parents.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Every process whose environment holds <paramref name="name"/>=<paramref name="value"/>.</summary>
    public static IReadOnlyList<int> WithEnvironment(string name, string value)
    {
        var entry = $"{name}={value}";
        return [.. Pids().Where(pid => Read($"/proc/{pid}/environ").Split('\0').Contains(entry))];
    }

    /// <summary>False once the process is gone or a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid) => Read($"/proc/{pid}/stat") is { Length: > 0 } stat && stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');

    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    private static IEnumerable<int> Pids() => Directory.EnumerateDirectories("/proc")
        .Select(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
        .Where(pid => pid > 0);

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
