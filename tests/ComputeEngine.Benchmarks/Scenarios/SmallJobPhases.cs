using System.Text.Json;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// Where a small job's time went, from the server's own timestamps (one machine, one clock): submit → its first
/// batch on the queue (start request and fan-out), → the last item's first start (queue wait and claim),
/// → the last item finished (run, output and settle), → the client seeing Completed (completion message and
/// fan-in; the status API's times are whole seconds, so the 10 ms status poll is in this phase). Each phase
/// ends where the next begins, so they add up to the whole.
/// </summary>
public sealed record SmallJobPhases(double FanOut, double QueueAndClaim, double Run, double FanIn)
{
    public static async Task<SmallJobPhases> ReadAsync(
        DurableClient client, string instanceId, DateTimeOffset submitted, DateTimeOffset seen, CancellationToken cancellationToken)
    {
        using var response = await client.Http.GetAsync($"/api/instances/{instanceId}/items?top=1000", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var items = page.RootElement.GetProperty("items").EnumerateArray().ToList();
        var enqueued = items.Min(i => i.GetProperty("enqueuedTime").GetDateTimeOffset());
        var started = items.Max(i => i.GetProperty("firstStartedTime").GetDateTimeOffset());
        var finished = items.Max(i => i.GetProperty("finishedTime").GetDateTimeOffset());
        return new(Ms(submitted, enqueued), Ms(enqueued, started), Ms(started, finished), Ms(finished, seen));
    }

    public static void Report(IReadOnlyList<SmallJobPhases> phases, string section, Report report)
    {
        report.Add(section, "p50 submit → first batch queued (fan-out)", Percentiles.Of(phases.Select(p => p.FanOut).ToList(), 50), "ms", "small_job_fanout_ms");
        report.Add(section, "p50 → last item's first start (queue, claim)", Percentiles.Of(phases.Select(p => p.QueueAndClaim).ToList(), 50), "ms", "small_job_queue_ms");
        report.Add(section, "p50 → last item finished (run, settle)", Percentiles.Of(phases.Select(p => p.Run).ToList(), 50), "ms", "small_job_run_ms");
        report.Add(section, "p50 → Completed seen (completion, fan-in)", Percentiles.Of(phases.Select(p => p.FanIn).ToList(), 50), "ms", "small_job_fanin_ms");
    }

    private static double Ms(DateTimeOffset from, DateTimeOffset to) => (to - from).TotalMilliseconds;
}
