using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks;

/// <summary>Starting a job and polling it to its end, as a client of the HTTP API would.</summary>
public static class Jobs
{
    public static string NewId(string prefix) => $"bench-{prefix}-{Guid.NewGuid():N}";

    public static string CountBody(int items) => $"{{\"inputCount\":{items}}}";

    /// <summary>Polls status every <paramref name="interval"/> until the job is final; throws unless it Completed.</summary>
    /// <returns>The final status body and how many status requests were made.</returns>
    public static async Task<(JsonElement Status, int Polls)> WaitCompletedAsync(
        DurableClient client, string instanceId, TimeSpan interval, CancellationToken cancellationToken)
    {
        for (var polls = 1; ; polls++)
        {
            var (code, body) = await client.GetStatusAsync(instanceId, cancellationToken);
            var status = code is HttpStatusCode.OK or HttpStatusCode.Accepted ? body.GetProperty("runtimeStatus").GetString() : null;
            switch (status)
            {
                case "Completed":
                    return (body, polls);
                case "Failed" or "Terminated":
                    throw new InvalidOperationException($"Job {instanceId} ended {status}: {body}");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>Runs one job of <paramref name="items"/> generated inputs to completion; returns submit → Completed.</summary>
    public static async Task<TimeSpan> RunAsync(DurableClient client, string prefix, int items, TimeSpan interval, CancellationToken cancellationToken)
    {
        var id = NewId(prefix);
        var clock = Stopwatch.StartNew();
        await client.StartAsync(CountBody(items), id, cancellationToken);
        await WaitCompletedAsync(client, id, interval, cancellationToken);
        return clock.Elapsed;
    }

    /// <summary>Items counted so far: from the live progress (<c>customStatus</c>), or the final summary (<c>output</c>).</summary>
    public static int Done(JsonElement status)
    {
        foreach (var name in new[] { "customStatus", "output" })
        {
            if (status.TryGetProperty(name, out var counts) && counts.ValueKind == JsonValueKind.Object)
            {
                return Count(counts, "succeeded") + Count(counts, "failed");
            }
        }

        return 0;
    }

    private static int Count(JsonElement counts, string name) =>
        counts.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
