using System.Diagnostics;
using System.Globalization;

namespace ComputeEngine.Benchmarks.Measurement;

/// <summary>CPU time used by this process and each process it started (Azurite, orchestrator, workers), read from /proc.</summary>
public static class ProcessCpu
{
    /// <summary>CPU time so far by process, keyed "{pid} {command}".</summary>
    public static Dictionary<string, TimeSpan> Snapshot()
    {
        var self = Environment.ProcessId;
        var snapshot = new Dictionary<string, TimeSpan> { [$"{self} benchmark"] = Process.GetCurrentProcess().TotalProcessorTime };
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ParentOf(pid) != self)
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                snapshot[$"{pid} {Describe(pid)}"] = process.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        return snapshot;
    }

    /// <summary>CPU time so far of one process (zero once it has gone).</summary>
    public static TimeSpan Of(int? pid)
    {
        try
        {
            using var process = pid is null ? null : Process.GetProcessById(pid.Value);
            return process?.TotalProcessorTime ?? TimeSpan.Zero;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    public static Dictionary<string, TimeSpan> Difference(Dictionary<string, TimeSpan> after, Dictionary<string, TimeSpan> before) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/{pid}/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }

    private static string Describe(int pid)
    {
        var command = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var program = command.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal) || a.Contains("azurite", StringComparison.Ordinal));
        return program is null ? command.FirstOrDefault() ?? "?" : Path.GetFileNameWithoutExtension(program);
    }
}
