using System.Globalization;
using System.Text.RegularExpressions;

namespace ComputeEngine.Observability.Tests;

/// <summary>One scrape of a service's <c>/metrics</c> (Prometheus text format), as samples.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<Sample> _samples;

    private PrometheusScrape(string text)
    {
        Text = text;
        _samples = [.. text.Split('\n').Select(l => SampleLine().Match(l)).Where(m => m.Success).Select(m => new Sample(
            m.Groups["name"].Value,
            LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value),
            Number(m.Groups["value"].Value)))];
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http, int port, CancellationToken cancellationToken) =>
        new(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), cancellationToken));

    /// <summary>Scrapes until <paramref name="done"/> holds or <paramref name="patience"/> runs out; returns the last scrape either way.</summary>
    public static async Task<PrometheusScrape> ReadUntilAsync(HttpClient http, int port, Func<PrometheusScrape, bool> done, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            var scrape = await ReadAsync(http, port, cancellationToken);
            if (done(scrape) || DateTimeOffset.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public bool Has(string name, params (string Label, string Value)[] labels) => Matching(name, labels).Any();

    /// <summary>The sum over every series of <paramref name="name"/> that has <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Matching(name, labels).Sum(s => s.Value);

    private IEnumerable<Sample> Matching(string name, (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value));

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
