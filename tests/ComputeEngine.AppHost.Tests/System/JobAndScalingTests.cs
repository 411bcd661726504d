using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeEngine.AppHost.Tests.System;

[Collection(LocalSystemCollection.Name)]
public sealed class JobAndScalingTests(LocalSystem system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task The_seeds_request_completes_a_job_on_workers_the_AppHost_started()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var client = system.Client();

        var started = await client.StartCountAsync(30, timeout.Token);
        var final = await client.WaitForAsync(started.GetProperty("id").GetString()!, timeout.Token);

        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal(30, final.GetProperty("output").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Workers_scale_from_zero_on_queue_length_run_the_job_and_go_back_to_zero_after_the_cooldown()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var client = system.Client();
        await WaitForStatusAsync(s => Replicas(s) == 0 && s.GetProperty("scaler").GetProperty("lastPoll").ValueKind != JsonValueKind.Null, timeout.Token);
        var submitted = DateTimeOffset.UtcNow;

        const int items = 120;
        var inputs = JsonSerializer.Serialize(new { inputs = Enumerable.Range(0, items).Select(i => new[] { i, 1000 }), batchSize = 5 });
        var id = (await client.StartAsync(inputs, null, timeout.Token)).GetProperty("id").GetString()!;

        var scaledOut = await WaitForStatusAsync(s => Decisions(s).Any(d => d.From == 0 && d.To > 0 && d.Time >= submitted), timeout.Token);
        var running = await WaitForStatusAsync(s => s.GetProperty("resources").EnumerateArray().Any(r => r.GetProperty("state").GetString() == "Running"), timeout.Token);
        var final = await client.WaitForAsync(id, timeout.Token);
        var outputs = await ResultsAsync(client.Http, id, timeout.Token);
        var scaledIn = await WaitForStatusAsync(s => Replicas(s) == 0 && Decisions(s).Any(d => d.To == 0 && d.Time > submitted), timeout.Token);

        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal(Enumerable.Range(0, items).Select(i => (i, i + 1000L)), outputs);
        Assert.Contains(Decisions(scaledOut), d => d.From == 0 && d.To == 2 && d.Reason.Contains("per replica", StringComparison.Ordinal));
        Assert.StartsWith("worker-", running.GetProperty("resources")[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains(Decisions(scaledIn), d => d.To == 0 && d.Reason.Contains("cooldown", StringComparison.Ordinal));
    }

    private static async Task<List<(int ItemId, long Output)>> ResultsAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        var lines = (await http.GetStringAsync(new Uri($"/api/instances/{id}/results", UriKind.Relative), cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Select(result => (result.GetProperty("itemId").GetInt32(), result.GetProperty("output").GetInt64()))
            .OrderBy(result => result.Item1)];
    }

    private async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        JsonElement status = default;
        try
        {
            while (true)
            {
                status = await Http.GetFromJsonAsync<JsonElement>(system.StatusUrl, cancellationToken);
                if (condition(status))
                {
                    return status;
                }

                await Task.Delay(250, cancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"The AppHost's status never met the condition; last: {status}", e);
        }
    }

    private static int Replicas(JsonElement status) => status.GetProperty("resources").GetArrayLength();

    private static IEnumerable<(DateTimeOffset Time, int From, int To, string Reason)> Decisions(JsonElement status) =>
        status.GetProperty("scaler").GetProperty("decisions").EnumerateArray().Select(d => (
            d.GetProperty("time").GetDateTimeOffset(), d.GetProperty("from").GetInt32(), d.GetProperty("to").GetInt32(), d.GetProperty("reason").GetString()!));
}
