using System.Globalization;

namespace ComputeEngine.Benchmarks.Measurement;

/// <summary>A Linux process's resident memory, read from <c>/proc/{pid}/status</c>.</summary>
public static class ProcessMemory
{
    /// <summary>The current resident set (VmRSS) in MiB, or NaN when the process is gone.</summary>
    public static double ResidentMb(int pid) => ReadKb(pid, "VmRSS:") / 1024.0;

    /// <summary>The peak resident set (VmHWM) in MiB since start or since <see cref="TryResetPeak"/>.</summary>
    public static double PeakMb(int pid) => ReadKb(pid, "VmHWM:") / 1024.0;

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0, needs permission on the process); false if not allowed.</summary>
    public static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double ReadKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
