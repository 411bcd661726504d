using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Refit;

namespace ComputeEngine.Cli.Api;

/// <summary>The orchestrator's API as the CLI uses it: the shared typed client, with every failure turned into a <see cref="CliException"/>.</summary>
public sealed class OrchestratorClient : IDisposable
{
    public const string KeyHeader = ApiHeaders.FunctionsKey;

    private readonly HttpClient _http;
    private readonly IOrchestratorApi _api;
    private readonly ApiErrors _errors;

    public OrchestratorClient(Uri baseUrl, string? key)
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("computeengine-cli", "1.0"));
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Add(KeyHeader, key);
        }

        _api = OrchestratorApi.Create(_http);
        _errors = new ApiErrors(baseUrl, key is not null);
    }

    public async Task<CheckStatusResponse> StartAsync(string? instanceId, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        return await ReadAsync(
            instanceId is null
                ? _api.StartAsync(ApiRoutes.ComputeOrchestrator, content, cancellationToken)
                : _api.StartWithIdAsync(ApiRoutes.ComputeOrchestrator, instanceId, content, cancellationToken),
            instanceId, cancellationToken);
    }

    public Task<InstanceStatus> GetStatusAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(_api.GetAsync(instanceId, null, null, cancellationToken), instanceId, cancellationToken);

    public async Task<(List<InstanceStatus> Page, string? Next)> ListAsync(InstanceListFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            _api.ListAsync(filter.StatusList, filter.FromParameter, filter.ToParameter, filter.IdPrefix is "" ? null : filter.IdPrefix,
                InstanceListFilter.PageSize(pageSize), null, continuation, cancellationToken),
            null, cancellationToken);
        var next = response.Headers is { } headers && headers.TryGetValues(ApiHeaders.ContinuationToken, out var values) ? values.FirstOrDefault() : null;
        return (Content(response), string.IsNullOrEmpty(next) ? null : next);
    }

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        EnsureAsync(_api.TerminateAsync(instanceId, reason, cancellationToken), instanceId, cancellationToken);

    public Task RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        EnsureAsync(_api.RewindAsync(instanceId, reason, cancellationToken), instanceId, cancellationToken);

    public Task PurgeAsync(string instanceId, CancellationToken cancellationToken) =>
        EnsureAsync(_api.PurgeAsync(instanceId, cancellationToken), instanceId, cancellationToken);

    public Task<ItemPage> ItemsAsync(string instanceId, int top, string? continuation, CancellationToken cancellationToken, string? status = null) =>
        ReadAsync(_api.ItemsAsync(instanceId, top, status, continuation, cancellationToken), instanceId, cancellationToken);

    /// <summary>One item with its input and attempts.</summary>
    public Task<ItemView> GetItemAsync(string instanceId, int itemId, CancellationToken cancellationToken) =>
        ReadAsync(_api.ItemAsync(instanceId, itemId, cancellationToken), instanceId, cancellationToken);

    /// <summary>A succeeded item's output.</summary>
    public Task<string> GetItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken) =>
        ReadAsync(_api.ItemOutputAsync(instanceId, itemId, cancellationToken), instanceId, cancellationToken);

    /// <summary>The job's outputs as JSON lines <c>{"itemId":n,"output":…}</c>, in item order, as the server streams them.</summary>
    public async IAsyncEnumerable<string> ResultsAsync(string instanceId, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(_api.ResultsAsync(instanceId, follow ? true : null, cancellationToken), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await _errors.FromResponseAsync(response, instanceId, cancellationToken);
        }

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

    private async Task EnsureAsync(Task<IApiResponse> call, string instanceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, instanceId, cancellationToken);
    }

    private async Task<T> ReadAsync<T>(Task<IApiResponse<T>> call, string? instanceId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, instanceId, cancellationToken);
        return Content(response);
    }

    /// <summary>Awaits a call; a refused connection, a timeout or an error status becomes the <see cref="CliException"/> that says so.</summary>
    private async Task<T> SendAsync<T>(Task<T> call, string? instanceId, CancellationToken cancellationToken)
        where T : IApiResponse
    {
        var response = await SendAsync(call, cancellationToken);
        if (!response.IsReceived)
        {
            response.Dispose();
            throw Transport(response.Error?.InnerException ?? response.Error, cancellationToken);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw _errors.FromResponse(response, instanceId);
        }
    }

    private async Task<T> SendAsync<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw Transport(e, cancellationToken);
        }
    }

    private CliException Transport(Exception? e, CancellationToken cancellationToken) => e switch
    {
        TaskCanceledException when !cancellationToken.IsCancellationRequested => _errors.TimedOut(e),
        _ => _errors.Unreachable(e ?? new HttpRequestException("No answer.")),
    };

    private static T Content<T>(IApiResponse<T> response)
    {
        var uri = response.RequestMessage?.RequestUri;
        if (response.Error is { } error)
        {
            throw new CliException($"The orchestrator's answer to {uri} is not the JSON expected: {error.InnerException?.Message ?? error.Message}", inner: error);
        }

        return response.Content ?? throw new CliException($"The orchestrator answered {uri} with an empty body.");
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
}
