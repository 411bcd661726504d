using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ComputeEngine.Cli.Api;

/// <summary>The orchestrator's Durable Functions HTTP API and items API, as the CLI uses them.</summary>
public sealed class OrchestratorClient : IDisposable
{
    public const string KeyHeader = ApiHeaders.FunctionsKey;
    public const string ContinuationHeader = ApiHeaders.ContinuationToken;
    private const string Instances = "runtime/webhooks/durabletask/instances";

    private readonly HttpClient _http;
    private readonly ApiErrors _errors;

    public OrchestratorClient(Uri baseUrl, string? key)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("computeengine-cli", "1.0"));
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Add(KeyHeader, key);
        }

        _errors = new ApiErrors(baseUrl, key is not null);
    }

    public async Task<CheckStatusResponse> StartAsync(string? instanceId, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/webhooks/durabletask/orchestrators/ComputeOrchestrator/{Escape(instanceId)}")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var response = await SendAsync(request, instanceId, cancellationToken);
        return await ReadAsync(response, ApiJsonContext.Default.CheckStatusResponse, cancellationToken);
    }

    public async Task<InstanceStatus> GetStatusAsync(string instanceId, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize(await GetStatusJsonAsync(instanceId, cancellationToken), ApiJsonContext.Default.InstanceStatus)
        ?? throw new CliException($"The orchestrator sent an empty status for job '{instanceId}'.");

    public async Task<string> GetStatusJsonAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}/{Escape(instanceId)}");
        using var response = await SendAsync(request, instanceId, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<(List<JsonElement> Page, string? Next)> ListAsync(string query, string? continuation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Instances}?{query}");
        if (continuation is not null)
        {
            request.Headers.Add(ContinuationHeader, continuation);
        }

        using var response = await SendAsync(request, null, cancellationToken);
        var next = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
        return (await ReadAsync(response, CliJsonContext.Default.ListJsonElement, cancellationToken), string.IsNullOrEmpty(next) ? null : next);
    }

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        PostAsync($"{Instances}/{Escape(instanceId)}/terminate{Reason(reason)}", instanceId, cancellationToken);

    public Task RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        PostAsync($"{Instances}/{Escape(instanceId)}/rewind{Reason(reason)}", instanceId, cancellationToken);

    public async Task PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Instances}/{Escape(instanceId)}");
        using var response = await SendAsync(request, instanceId, cancellationToken);
    }

    public async Task<ItemPage> ItemsAsync(string instanceId, int top, string? continuation, CancellationToken cancellationToken, string? status = null)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"top={top}") + (status is null ? "" : "&status=" + status)
            + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/instances/{Escape(instanceId)}/items?{query}");
        using var response = await SendAsync(request, instanceId, cancellationToken);
        return await ReadAsync(response, ApiJsonContext.Default.ItemPage, cancellationToken);
    }

    /// <summary>One item with its input and attempts, as JSON.</summary>
    public async Task<string> GetItemJsonAsync(string instanceId, int itemId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ItemPath(instanceId, itemId));
        using var response = await SendAsync(request, instanceId, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>A succeeded item's output.</summary>
    public async Task<string> GetItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ItemPath(instanceId, itemId) + "/output");
        using var response = await SendAsync(request, instanceId, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static string ItemPath(string instanceId, int itemId) =>
        string.Create(CultureInfo.InvariantCulture, $"api/instances/{Escape(instanceId)}/items/{itemId}");

    /// <summary>The job's outputs as JSON lines <c>{"itemId":n,"output":…}</c>, in item order, as the server streams them.</summary>
    public async IAsyncEnumerable<string> ResultsAsync(string instanceId, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/instances/{Escape(instanceId)}/results{(follow ? "?follow=true" : "")}");
        using var response = await SendAsync(request, instanceId, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent([]) };
        using var response = await SendAsync(request, instanceId, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, string? instanceId, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw _errors.Unreachable(e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.TimedOut(e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await _errors.FromResponseAsync(response, instanceId, cancellationToken);
        }
    }

    private async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw _errors.Unreachable(e);
        }
        catch (IOException e)
        {
            throw _errors.Unreachable(e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken)
                ?? throw new CliException($"The orchestrator answered {response.RequestMessage?.RequestUri} with an empty body.");
        }
        catch (JsonException e)
        {
            throw new CliException($"The orchestrator's answer to {response.RequestMessage?.RequestUri} is not the JSON expected: {e.Message}", inner: e);
        }
    }

    private static string Escape(string? segment) => segment is null ? "" : Uri.EscapeDataString(segment);

    private static string Reason(string? reason) => reason is null ? "" : "?reason=" + Uri.EscapeDataString(reason);
}
