using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ComputeEngine.Testing;

/// <summary>A small client of the orchestrator's Durable Functions HTTP API, for tests.</summary>
public sealed class DurableClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>The seed's exact request: <c>POST /api/orchestrators/ComputeOrchestrator?inputCount=N</c> with an empty body.</summary>
    public async Task<JsonElement> StartCountAsync(int inputCount, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orchestrators/ComputeOrchestrator?inputCount={inputCount}")
        {
            Content = new ByteArrayContent([]),
        };
        return await SendAcceptedAsync(request, cancellationToken);
    }

    public async Task<JsonElement> StartAsync(string body, string? instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/durabletask/orchestrators/ComputeOrchestrator/{instanceId}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        return await SendAcceptedAsync(request, cancellationToken);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetStatusAsync(string instanceId, CancellationToken cancellationToken, string query = "")
    {
        using var response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{instanceId}{query}", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls until the instance reaches one of <paramref name="statuses"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string instanceId, CancellationToken cancellationToken, params string[] statuses)
    {
        if (statuses.Length == 0)
        {
            statuses = ["Completed", "Failed", "Terminated"];
        }

        while (true)
        {
            var (code, body) = await GetStatusAsync(instanceId, cancellationToken);
            if (code is HttpStatusCode.OK or HttpStatusCode.Accepted && statuses.Contains(body.GetProperty("runtimeStatus").GetString()))
            {
                return body;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task<HttpResponseMessage> PostAsync(string path, CancellationToken cancellationToken) =>
        await http.PostAsync(path, new ByteArrayContent([]), cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<JsonElement> SendAcceptedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"Expected 202, got {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
