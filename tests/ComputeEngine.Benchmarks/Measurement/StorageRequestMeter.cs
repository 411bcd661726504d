using System.Globalization;
using System.Text.RegularExpressions;

namespace ComputeEngine.Benchmarks.Measurement;

/// <summary>
/// Reads the <c>computeengine_storage_requests_total{service="blob|queue|table"}</c> counters from the
/// Prometheus <c>/metrics</c> endpoint of every service, so a job's storage cost can be taken as the
/// difference of two readings.
/// </summary>
public sealed partial class StorageRequestMeter(HttpClient http)
{
    private const string Counter = "computeengine_storage_requests_total";

    /// <summary>Requests by "{service name}/{storage service}", summed over every endpoint.</summary>
    public async Task<Dictionary<string, double>> ReadAsync(IEnumerable<(string Name, int Port)> services, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, double>();
        foreach (var (name, port) in services)
        {
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken);
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith(Counter + "{", StringComparison.Ordinal))
                {
                    continue;
                }

                var service = ServiceLabel().Match(line) is { Success: true } match ? match.Groups[1].Value : "?";
                var value = double.Parse(line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                var key = $"{name}/{service}";
                totals[key] = totals.GetValueOrDefault(key) + value;
            }
        }

        return totals;
    }

    public static Dictionary<string, double> Difference(Dictionary<string, double> after, Dictionary<string, double> before) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

    [GeneratedRegex("service=\"([^\"]*)\"")]
    private static partial Regex ServiceLabel();
}
