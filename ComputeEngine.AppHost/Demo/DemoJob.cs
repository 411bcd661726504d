using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost.Demo;

/// <summary><c>--demo N</c>: once the orchestrator is healthy, submits the seed's job of N items and shows its progress until it ends.</summary>
internal sealed class DemoJob(
    AppHostOptions options, ResourceNotificationService notifications, ScalerStatus scaler, ILogger<DemoJob> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Demo is not { } items)
        {
            return;
        }

        var cancellationToken = stoppingToken;
        try
        {
            await notifications.WaitForResourceHealthyAsync("orchestrator", cancellationToken);
            var clock = Stopwatch.StartNew();
            var statusUri = await SubmitAsync(items, cancellationToken);
            var last = "";
            while (true)
            {
                var (final, status) = await GetStatusAsync(statusUri, cancellationToken);
                string line;
                using (status)
                {
                    line = Progress(status.RootElement, scaler.Snapshot().Replicas);
                }

                if (line != last)
                {
                    Log.Demo(logger, line);
                    last = line;
                }

                if (final)
                {
                    Log.Demo(logger, Invariant($"finished in {clock.Elapsed.TotalSeconds:0.0} s; the system keeps running (Ctrl+C stops it)"));
                    return;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.DemoFailed(logger, e.Message);
        }
    }

    private async Task<Uri> SubmitAsync(int items, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, new Uri(options.OrchestratorUrl, Invariant($"/api/orchestrators/ComputeOrchestrator?inputCount={items}")));
        request.Content = new ByteArrayContent([]);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException(Invariant($"the orchestrator answered {(int)response.StatusCode}: {body}"));
        }

        using var json = JsonDocument.Parse(body);
        Log.Demo(logger, Invariant($"submitted job {json.RootElement.GetProperty("id").GetString()} of {items} items"));
        return new Uri(json.RootElement.GetProperty("statusQueryGetUri").GetString()!);
    }

    /// <summary>Durable Functions answers 202 while a job runs and 200 once it is final.</summary>
    private async Task<(bool Final, JsonDocument Status)> GetStatusAsync(Uri statusUri, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, statusUri);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted
            ? (response.StatusCode == HttpStatusCode.OK, JsonDocument.Parse(body))
            : throw new InvalidOperationException(Invariant($"the job's status answered {(int)response.StatusCode}: {body}"));
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        if (options.ApiKey is not null)
        {
            request.Headers.Add("x-functions-key", options.ApiKey);
        }

        return request;
    }

    private static string Progress(JsonElement status, int replicas)
    {
        var runtimeStatus = status.GetProperty("runtimeStatus").GetString();
        var progress = status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object
            ? Invariant($"{Count(custom, "succeeded")}/{Count(custom, "total")} succeeded, {Count(custom, "failed")} failed, {Count(custom, "dispatched")} dispatched")
            : "no progress yet";
        return Invariant($"{runtimeStatus}: {progress} · {replicas} worker replicas");
    }

    private static long Count(JsonElement custom, string name) =>
        custom.TryGetProperty(name, out var value) && value.TryGetInt64(out var count) ? count : 0;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
