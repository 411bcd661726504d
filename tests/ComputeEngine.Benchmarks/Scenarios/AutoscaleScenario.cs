using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// Slow items on workers the local autoscaler starts from zero, through the AppHost as a user runs it:
/// 2,000 items of a 200 ms <c>sleep</c> against the ideal makespan (items × run time ÷ (replicas ×
/// concurrency)), the time from submit to the first item started, and whether any replica went idle
/// while another still held work.
/// </summary>
public static class AutoscaleScenario
{
    private const int Replicas = 4;

    // The workers' Worker:Concurrency default (the AppHost starts them with it).
    private const int Concurrency = 8;
    private const int PageSize = 1000;

    // One worker process's start on this machine (dotnet start-up, storage checks, the algorithm catalogue).
    private static readonly TimeSpan WorkerStartAllowance = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(int items, int sleepMilliseconds, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"autoscale: starting the AppHost (Release), workers at zero, at most {Replicas} replicas");
        await using var host = LocalAppHost.Start(Replicas);
        var idle = await host.WaitForStatusAsync(
            s => s.GetProperty("resources").GetArrayLength() == 0 && s.GetProperty("scaler").GetProperty("lastPoll").ValueKind != JsonValueKind.Null,
            cancellationToken);
        var polling = TimeSpan.Parse(idle.GetProperty("scaler").GetProperty("settings").GetProperty("pollingInterval").GetString()!, CultureInfo.InvariantCulture);
        await WaitHealthyAsync(host, cancellationToken);

        progress($"autoscale: {items} items of {sleepMilliseconds} ms sleep");
        var body = JsonSerializer.Serialize(new { algorithm = "sleep", inputs = Enumerable.Range(0, items).Select(i => new { ms = sleepMilliseconds, tag = i }) });
        var id = Jobs.NewId("autoscale");
        var submitted = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await host.Client.StartAsync(body, id, cancellationToken);
        await Jobs.WaitCompletedAsync(host.Client, id, TimeSpan.FromMilliseconds(100), cancellationToken);
        var makespan = clock.Elapsed.TotalSeconds;
        var rows = await ItemsAsync(host, id, cancellationToken);
        var decisions = (await host.WaitForStatusAsync(_ => true, cancellationToken)).GetProperty("scaler").GetProperty("decisions").EnumerateArray()
            .Select(d => (Time: d.GetProperty("time").GetDateTimeOffset(), From: d.GetProperty("from").GetInt32(), To: d.GetProperty("to").GetInt32()))
            .Where(d => d.Time >= submitted).ToList();
        var scaledOut = decisions.FirstOrDefault(d => d.From == 0 && d.To > 0);

        var firstStart = (rows.Min(r => r.Started) - submitted).TotalSeconds;
        var ideal = items * sleepMilliseconds / 1000.0 / (Replicas * Concurrency);
        var lastByWorker = rows.GroupBy(r => r.Worker).ToDictionary(g => g.Key, g => (Items: g.Count(), Last: g.Max(r => r.Finished)));
        var tail = (lastByWorker.Values.Max(w => w.Last) - lastByWorker.Values.Min(w => w.Last)).TotalSeconds;

        var section = $"Autoscaled from zero: {items:N0} items of {sleepMilliseconds} ms sleep, up to {Replicas} replicas × {Concurrency} (AppHost, polling every {polling.TotalSeconds:0} s)";
        report.Add(section, "submit → first item started", firstStart * 1000, "ms", "autoscale_first_item_ms",
            new Target((polling.TotalSeconds + WorkerStartAllowance.TotalSeconds) * 1000, AtLeast: false));
        report.Add(section, "  of which submit → the scaler's first scale-out", scaledOut == default ? double.NaN : (scaledOut.Time - submitted).TotalMilliseconds, "ms");
        report.Add(section, "makespan (submit → Completed)", makespan, "s", "autoscale_makespan_s");
        report.Add(section, "ideal (items × run ÷ slots)", ideal, "s");
        report.Add(section, "(makespan − time to first item) ÷ ideal", (makespan - firstStart) / ideal, "×", "autoscale_makespan_x_ideal", new Target(1.15, AtLeast: false));
        report.Add(section, "replicas that ran items", lastByWorker.Count, "");
        report.Add(section, "spread of the replicas' last finishes (idle tail)", tail, "s");
        report.Note("Autoscale: items per replica " + string.Join(", ", lastByWorker.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Value.Items)) +
            $"; the first-item target is the polling interval plus {WorkerStartAllowance.TotalSeconds:0} s for one worker's start.");
    }

    private static async Task WaitHealthyAsync(LocalAppHost host, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var health = await host.Client.Http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The orchestrator is still starting.
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<List<(string Worker, DateTimeOffset Started, DateTimeOffset Finished)>> ItemsAsync(
        LocalAppHost host, string id, CancellationToken cancellationToken)
    {
        var rows = new List<(string, DateTimeOffset, DateTimeOffset)>();
        string? token = null;
        do
        {
            var path = $"/api/instances/{id}/items?top={PageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            using var page = JsonDocument.Parse(await host.Client.Http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken));
            foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
            {
                rows.Add((item.GetProperty("worker").GetString() ?? "?", item.GetProperty("startedTime").GetDateTimeOffset(), item.GetProperty("finishedTime").GetDateTimeOffset()));
            }

            token = page.RootElement.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return rows;
    }
}
