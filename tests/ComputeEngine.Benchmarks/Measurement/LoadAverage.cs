namespace ComputeEngine.Benchmarks.Measurement;

/// <summary>The machine's 1-minute load average, printed beside figures: others' builds and tests make them noisy.</summary>
public static class LoadAverage
{
    public static string Now =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
