using System.Globalization;
using ComputeEngine.Cli.Api;

namespace ComputeEngine.Cli.Output;

/// <summary>One item in plain text: what it was given, what it gave, and how each attempt went.</summary>
public static class ItemReport
{
    public static void Write(TextWriter output, string instanceId, ItemView item, string? result)
    {
        output.WriteLine($"Item {item.ItemId} of job {instanceId}: {item.Status} after {JobReport.Attempts(item.Attempts)}");
        if (item.InputBlob is not null)
        {
            output.WriteLine($"Input file: {item.InputBlob}");
        }

        output.WriteLine($"Input:  {item.Input?.GetRawText() ?? "-"}");
        output.WriteLine($"Output: {result ?? $"none ({item.Status})"}");
        output.WriteLine($"Queue wait {Milliseconds(item.QueueWaitMilliseconds)} · retry backoff {Milliseconds(item.BackoffMilliseconds)} · last run {Milliseconds(item.RunMilliseconds)}");
        var attempts = item.AttemptLog ?? [];
        if (attempts.Count == 0)
        {
            return;
        }

        output.WriteLine(attempts[0].Number > 1 ? $"Attempts (the first {attempts[0].Number - 1} are not kept):" : "Attempts:");
        foreach (var attempt in attempts)
        {
            var ended = attempt.EndedTime is { } end ? " → " + end.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";
            output.WriteLine($"  #{attempt.Number} {attempt.Outcome} on {attempt.Worker ?? "?"}, {Formats.Time(attempt.StartedTime)}{ended}, ran {Milliseconds(attempt.RunMilliseconds)}"
                + (attempt.Error is { } error ? $": {error}" : ""));
            foreach (var line in (attempt.Detail ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                output.WriteLine($"      {line.TrimEnd('\r')}");
            }
        }
    }

    private static string Milliseconds(double? ms) => ms is { } value ? Formats.Duration(TimeSpan.FromMilliseconds(value)) : "-";
}
