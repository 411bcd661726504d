using System.Net;
using System.Text;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>Requests of the Durable Functions HTTP API, as a client would send them.</summary>
public static class Api
{
    public const string Webhooks = "/runtime/webhooks/durabletask";
    public const string Instances = Webhooks + "/instances";
    public const string StartRoute = Webhooks + "/orchestrators/ComputeOrchestrator";
    public const string SeedRoute = "/api/orchestrators/ComputeOrchestrator";

    public static CancellationTokenSource Timeout(int seconds = 60) => new(TimeSpan.FromSeconds(seconds));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    /// <summary>An empty body that still sends <c>Content-Length: 0</c>, like the seed's curl.</summary>
    public static HttpContent Empty() => new ByteArrayContent([]);

    public static async Task<Reply> CallAsync(
        this HttpClient http, HttpMethod method, string path, CancellationToken cancellationToken,
        HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        configure?.Invoke(request);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Reply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, text);
    }

    public static Task<Reply> GetReplyAsync(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.CallAsync(HttpMethod.Get, path, cancellationToken);

    public static Task<Reply> PostReplyAsync(this HttpClient http, string path, CancellationToken cancellationToken, string? json = null) =>
        http.CallAsync(HttpMethod.Post, path, cancellationToken, json is null ? Empty() : Json(json));

    public static Task<Reply> DeleteReplyAsync(this HttpClient http, string path, CancellationToken cancellationToken) =>
        http.CallAsync(HttpMethod.Delete, path, cancellationToken);

    public static Task<Reply> StatusAsync(this HttpClient http, string id, CancellationToken cancellationToken, string query = "") =>
        http.GetReplyAsync($"{Instances}/{id}{query}", cancellationToken);

    /// <summary>Starts a job through the webhook route and returns its id.</summary>
    public static async Task<string> StartJobAsync(this HttpClient http, string body, CancellationToken cancellationToken, string? id = null)
    {
        var reply = await http.CallAsync(HttpMethod.Post, $"{StartRoute}/{id}", cancellationToken, Json(body));
        return reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString()!;
    }

    public static async Task TerminateAsync(this HttpClient http, string id, CancellationToken cancellationToken, string reason = "test")
    {
        (await http.PostReplyAsync($"{Instances}/{id}/terminate?reason={Uri.EscapeDataString(reason)}", cancellationToken)).Is(HttpStatusCode.Accepted);
        await http.WaitForStatusAsync(id, "Terminated", cancellationToken);
    }

    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient http, string id, string runtimeStatus, CancellationToken cancellationToken)
    {
        JsonElement status = default;
        await WaitUntilAsync(async () =>
        {
            status = (await http.StatusAsync(id, cancellationToken)).Json;
            return status.GetProperty("runtimeStatus").GetString() == runtimeStatus;
        }, cancellationToken);
        return status;
    }

    /// <summary>Waits until the job's fan-out is done, so its counts no longer change without a worker.</summary>
    public static async Task<JsonElement> WaitForFanOutAsync(this HttpClient http, string id, CancellationToken cancellationToken)
    {
        JsonElement status = default;
        await WaitUntilAsync(async () =>
        {
            // The watermark reaches the total one write before FanOutCompleted is recorded; wait for both,
            // whichever replica of the fixture did the fan-out, so the header no longer changes.
            status = (await http.StatusAsync(id, cancellationToken, "?showHistory=true")).Json;
            var progress = status.GetProperty("customStatus");
            return status.GetProperty("runtimeStatus").GetString() == "Running"
                && progress.GetProperty("dispatched").GetInt32() == progress.GetProperty("total").GetInt32()
                && status.GetProperty("historyEvents").EnumerateArray().Any(e => e.GetProperty("EventType").GetString() == "FanOutCompleted");
        }, cancellationToken);
        return status;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
