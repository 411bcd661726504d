using System.Globalization;

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>Reads /proc to find a process's descendants and whether a pid still runs.</summary>
internal static class ProcessTree
{
    /// <summary>Every process below <paramref name="root"/>, with its command line read while it runs.</summary>
    public static IReadOnlyDictionary<int, string> DescendantsWithCommandLines(int root) =>
        Descendants(root).ToDictionary(pid => pid, CommandLine);

    public static IReadOnlyList<int> Descendants(int root)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Stat: Stat(pid)))
            .Where(p => p.Stat is not null)
            .ToDictionary(p => p.Pid, p => p.Stat!.Value.Parent);

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>False once the process is gone or a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { State: not 'Z' and not 'X' };

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
