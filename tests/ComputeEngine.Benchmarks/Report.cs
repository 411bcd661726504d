using System.Globalization;
using System.Text;

namespace ComputeEngine.Benchmarks;

/// <summary>A target from issue 7: a bound and which side of it passes.</summary>
public sealed record Target(double Bound, bool AtLeast)
{
    public bool IsMet(double value) => !double.IsNaN(value) && (AtLeast ? value >= Bound : value <= Bound);

    public override string ToString() => (AtLeast ? "≥ " : "≤ ") + Report.Format(Bound);
}

/// <summary>The figures of one run: a readable table, then one line of <c>key=value</c> pairs.</summary>
public sealed class Report
{
    private readonly List<(string Section, string Label, string? Key, double Value, string Unit, Target? Target)> _rows = [];
    private readonly List<string> _notes = [];

    /// <summary>A figure; with a <paramref name="key"/> it also goes on the final line.</summary>
    public void Add(string section, string label, double value, string unit = "", string? key = null, Target? target = null) =>
        _rows.Add((section, label, key, value, unit, target));

    public void Note(string note) => _notes.Add(note);

    public string Render(TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var width = _rows.Max(r => r.Label.Length) + 2;
        string? section = null;
        foreach (var row in _rows)
        {
            if (row.Section != section)
            {
                section = row.Section;
                text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"== {section}");
            }

            var verdict = row.Target is null ? "" : $"target {row.Target,-8} {(row.Target.IsMet(row.Value) ? "PASS" : "MISS")}";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Label.PadRight(width)}{Format(row.Value),12} {row.Unit,-9} {verdict}").TrimEnd());
        }

        if (_notes.Count > 0)
        {
            text.AppendLine().AppendLine("== Notes");
            foreach (var note in _notes)
            {
                text.AppendLine("  - " + note);
            }
        }

        var targets = _rows.Where(r => r.Target is not null).ToList();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Targets met: {targets.Count(r => r.Target!.IsMet(r.Value))}/{targets.Count}. Whole run: {elapsed.TotalSeconds:F0} s.");
        text.AppendLine(string.Join(' ', _rows.Where(r => r.Key is not null).Select(r => $"{r.Key}={Format(r.Value)}")
            .Append(string.Create(CultureInfo.InvariantCulture, $"run_seconds={elapsed.TotalSeconds:F0}"))));
        return text.ToString();
    }

    public static string Format(double value) => double.IsNaN(value) ? "n/a" : Math.Abs(value) switch
    {
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
