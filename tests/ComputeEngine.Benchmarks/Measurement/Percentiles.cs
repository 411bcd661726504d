namespace ComputeEngine.Benchmarks.Measurement;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100) of <paramref name="values"/>; NaN when empty.</summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
