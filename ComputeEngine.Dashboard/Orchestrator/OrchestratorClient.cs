using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using Refit;

namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>
/// What the dashboard asks the orchestrator, over the shared typed client: answers worded for the pages, and
/// every answer (or its absence) reported to <see cref="OrchestratorHealth"/>.
/// </summary>
public sealed class OrchestratorClient(HttpClient http, OrchestratorHealth health)
{
    public const string ContinuationHeader = ApiHeaders.ContinuationToken;
    private const string Orchestrator = ApiRoutes.ComputeOrchestrator;

    private readonly IOrchestratorApi _api = OrchestratorApi.Create(http);

    public async Task<JobPage> ListAsync(JobFilter filter, int top, string? continuation, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(_api.ListAsync(
            filter.StatusList, filter.From, filter.To, filter.Prefix, top, false, NullIfEmpty(continuation), cancellationToken), cancellationToken);
        var next = response.Headers is { } headers && headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
        return new(response.Content ?? [], NullIfEmpty(next));
    }

    /// <summary>The job, or null when there is no such job.</summary>
    public async Task<InstanceStatus?> GetAsync(string instanceId, bool showHistory, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(_api.GetAsync(instanceId, false, showHistory, cancellationToken), cancellationToken, notFoundIsAnswer: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : Content(response);
    }

    /// <summary>
    /// A page of items. The API may answer an empty page with a token when a status filter skipped a long
    /// stretch of the job; those are followed here (a few times at most) so the panel shows what is there.
    /// </summary>
    public async Task<ItemPage> ItemsAsync(string instanceId, string? status, int top, string? continuation, CancellationToken cancellationToken)
    {
        const int maxEmptyPages = 5;
        var page = await ItemsPageAsync(instanceId, status, top, continuation, cancellationToken);
        for (var hop = 0; page.Items.Count == 0 && page.ContinuationToken is { } next && hop < maxEmptyPages; hop++)
        {
            page = await ItemsPageAsync(instanceId, status, top, next, cancellationToken);
        }

        return page;
    }

    /// <summary>One item with its input and attempts, or null when the job or the item does not exist.</summary>
    public async Task<ItemView?> ItemAsync(string instanceId, int itemId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(_api.ItemAsync(instanceId, itemId, cancellationToken), cancellationToken, notFoundIsAnswer: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : Content(response);
    }

    /// <summary>A succeeded item's output, as the JSON the algorithm wrote.</summary>
    public async Task<string> ItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(_api.ItemOutputAsync(instanceId, itemId, cancellationToken), cancellationToken);
        return response.Content ?? "";
    }

    private async Task<ItemPage> ItemsPageAsync(string instanceId, string? status, int top, string? continuation, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(_api.ItemsAsync(instanceId, top, NullIfEmpty(status), NullIfEmpty(continuation), cancellationToken), cancellationToken);
        var page = response.Content ?? new([], null);
        return page with { ContinuationToken = NullIfEmpty(page.ContinuationToken) };
    }

    public Task<ActionOutcome> TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(_api.TerminateAsync(instanceId, Reason(reason), cancellationToken), "Termination requested", cancellationToken);

    public Task<ActionOutcome> SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(_api.SuspendAsync(instanceId, Reason(reason), cancellationToken), "Suspended", cancellationToken);

    public Task<ActionOutcome> ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(_api.ResumeAsync(instanceId, Reason(reason), cancellationToken), "Resumed", cancellationToken);

    public Task<ActionOutcome> RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(_api.RewindAsync(instanceId, Reason(reason), cancellationToken), "Rewinding: the failed items run again", cancellationToken);

    public async Task<ActionOutcome> RestartAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var response = await AnswerAsync(_api.RestartAsync(instanceId, cancellationToken), cancellationToken);
        return response.IsSuccessStatusCode
            ? new(true, $"Restarted as {response.Content?.Id}", response.Content?.Id)
            : new(false, ProblemText(response));
    }

    public async Task<ActionOutcome> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var response = await AnswerAsync(_api.PurgeAsync(instanceId, cancellationToken), cancellationToken);
        return response.IsSuccessStatusCode ? new(true, $"Purged {instanceId}") : new(false, ProblemText(response));
    }

    /// <summary>How many finished jobs match <paramref name="filter"/>: what a purge of it would delete now.</summary>
    public async Task<int> CountFinishedAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var finished = (filter.Statuses.Count == 0 ? RuntimeStatus.All : filter.Statuses).Where(RuntimeStatus.IsFinal).ToList();
        if (finished.Count == 0)
        {
            return 0;
        }

        var count = 0;
        string? continuation = null;
        do
        {
            var page = await ListAsync(filter with { Statuses = finished }, 1000, continuation, cancellationToken);
            (count, continuation) = (count + page.Jobs.Count, page.ContinuationToken);
        }
        while (continuation is not null);

        return count;
    }

    /// <summary>Purges every finished job matching <paramref name="filter"/>; running jobs are left alone by the API.</summary>
    public async Task<ActionOutcome> PurgeManyAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var purge = filter.ForPurge();
        using var response = await AnswerAsync(_api.PurgeManyAsync(purge.StatusList, purge.From, purge.To, purge.Prefix, cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new(true, "No finished job matched the filter; nothing was purged.");
        }

        if (!response.IsSuccessStatusCode)
        {
            return new(false, ProblemText(response));
        }

        var count = response.Content?.InstancesDeleted ?? 0;
        return new(true, string.Create(CultureInfo.InvariantCulture, $"Purged {count} finished job{(count == 1 ? "" : "s")}."));
    }

    /// <summary>Starts a ComputeOrchestrator job with a JSON body as the start endpoint takes it.</summary>
    public async Task<ActionOutcome> StartAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await AnswerAsync(_api.StartAsync(Orchestrator, content, cancellationToken), cancellationToken);
        return response.IsSuccessStatusCode
            ? new(true, $"Started {response.Content?.Id}", response.Content?.Id)
            : new(false, ProblemText(response));
    }

    private async Task<ActionOutcome> ActAsync(Task<IApiResponse> call, string success, CancellationToken cancellationToken)
    {
        using var response = await AnswerAsync(call, cancellationToken);
        return response.IsSuccessStatusCode ? new(true, success) : new(false, ProblemText(response));
    }

    /// <summary>Awaits a call whose refusal is an error: throws <see cref="OrchestratorException"/> with the problem's detail.</summary>
    private async Task<T> CallAsync<T>(Task<T> call, CancellationToken cancellationToken, bool notFoundIsAnswer = false)
        where T : IApiResponse
    {
        var response = await AnswerAsync(call, cancellationToken);
        if (response.IsSuccessStatusCode || (notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound))
        {
            if (response.Error is { } error && response.IsSuccessStatusCode)
            {
                response.Dispose();
                throw new OrchestratorException(response.StatusCode.GetValueOrDefault(), error.Message);
            }

            return response;
        }

        using (response)
        {
            throw new OrchestratorException(response.StatusCode.GetValueOrDefault(), ProblemText(response));
        }
    }

    /// <summary>Awaits any answer; whether there was one is the orchestrator's reachability.</summary>
    private async Task<T> AnswerAsync<T>(Task<T> call, CancellationToken cancellationToken)
        where T : IApiResponse
    {
        T response;
        try
        {
            response = await call;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Refused, reset, timed out or a circuit open: whatever the cause, the orchestrator did not answer.
            health.ReportUnreachable(e.Message);
            throw;
        }

        if (!response.IsReceived)
        {
            var error = Transport(response);
            health.ReportUnreachable(error.Message);
            ExceptionDispatchInfo.Throw(error);
        }

        if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            health.ReportUnreachable(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode.GetValueOrDefault()} {response.ReasonPhrase}"));
        }
        else
        {
            health.ReportAnswered();
        }

        return response;
    }

    /// <summary>What kept a call from being answered, as HttpClient threw it.</summary>
    private static Exception Transport(IApiResponse response) =>
        response.Error?.InnerException ?? (Exception?)response.Error ?? new HttpRequestException("The orchestrator did not answer.");

    private static T Content<T>(IApiResponse<T> response) where T : class =>
        response.Content ?? throw new OrchestratorException(response.StatusCode.GetValueOrDefault(), "The orchestrator answered with an empty body.");

    private static string ProblemText(IApiResponse response)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode.GetValueOrDefault()} {response.ReasonPhrase}");
        if (response.Error is ApiException { HasContent: true } error)
        {
            try
            {
                var problem = System.Text.Json.JsonSerializer.Deserialize(error.Content!, ApiJsonContext.Default.Problem);
                return problem?.Detail ?? problem?.Title ?? status;
            }
            catch (System.Text.Json.JsonException)
            {
                return status;
            }
        }

        return status;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
