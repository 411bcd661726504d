using System.Globalization;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>Starting jobs and reading their counts through the real API.</summary>
public static class Jobs
{
    public static string SleepBody(int items, int milliseconds, int batchSize) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"algorithm":"sleep","batchSize":{{batchSize}},"inputs":[{{string.Join(",", Enumerable.Repeat($$"""{"ms":{{milliseconds}}}""", items))}}]}""");

    public static async Task<string> StartSleepAsync(DurableClient client, int items, int milliseconds, int batchSize, CancellationToken cancellationToken, string? instanceId = null)
    {
        var started = await client.StartAsync(SleepBody(items, milliseconds, batchSize), instanceId, cancellationToken);
        return started.GetProperty("id").GetString()!;
    }

    public static async Task<(string Status, int Succeeded, int Failed)> StatusAsync(DurableClient client, string instanceId, CancellationToken cancellationToken)
    {
        var (_, body) = await client.GetStatusAsync(instanceId, cancellationToken);
        var progress = body.GetProperty("customStatus");
        return (body.GetProperty("runtimeStatus").GetString()!, progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("failed").GetInt32());
    }

    public static int Number(string text) => int.Parse(text.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static bool IsFinal(string status) => status is "Completed" or "Failed" or "Terminated";

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
