using System.Globalization;
using System.Text;

namespace ComputeEngine.Dashboard.Components.Charts;

/// <summary>A value at a time.</summary>
public readonly record struct ChartPoint(DateTimeOffset Time, double Value);

/// <summary>One line of a chart.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, string CssClass);

/// <summary>Maps values over a time window onto an SVG box: x is time, y grows upwards from the bottom.</summary>
public static class ChartGeometry
{
    /// <summary>The <c>points</c> of a polyline; values above <paramref name="max"/> are clipped to the top.</summary>
    public static string Polyline(IReadOnlyList<ChartPoint> points, DateTimeOffset from, DateTimeOffset to, double max, double width, double height)
    {
        var text = new StringBuilder();
        foreach (var (x, y) in Scale(points, from, to, max, width, height))
        {
            text.Append(CultureInfo.InvariantCulture, $"{x:0.##},{y:0.##} ");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>A closed path under the line, down to the baseline.</summary>
    public static string Area(IReadOnlyList<ChartPoint> points, DateTimeOffset from, DateTimeOffset to, double max, double width, double height)
    {
        var scaled = Scale(points, from, to, max, width, height).ToList();
        if (scaled.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"M{scaled[0].X:0.##},{height:0.##}");
        foreach (var (x, y) in scaled)
        {
            text.Append(CultureInfo.InvariantCulture, $" L{x:0.##},{y:0.##}");
        }

        text.Append(CultureInfo.InvariantCulture, $" L{scaled[^1].X:0.##},{height:0.##} Z");
        return text.ToString();
    }

    /// <summary>The smallest 1, 2 or 5 × 10ⁿ at or above <paramref name="value"/> (at least 1): a readable top of the scale.</summary>
    public static double NiceMax(double value)
    {
        if (value <= 1 || double.IsNaN(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static IEnumerable<(double X, double Y)> Scale(
        IReadOnlyList<ChartPoint> points, DateTimeOffset from, DateTimeOffset to, double max, double width, double height)
    {
        var seconds = Math.Max((to - from).TotalSeconds, 1);
        var top = max <= 0 ? 1 : max;
        foreach (var point in points)
        {
            var x = Math.Clamp((point.Time - from).TotalSeconds / seconds, 0, 1) * width;
            var y = height - (Math.Clamp(point.Value / top, 0, 1) * height);
            yield return (x, y);
        }
    }
}
