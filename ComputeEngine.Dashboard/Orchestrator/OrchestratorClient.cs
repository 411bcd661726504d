using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>The orchestrator's Durable Functions HTTP API and items API: everything the dashboard knows about jobs.</summary>
public sealed class OrchestratorClient(HttpClient http, OrchestratorHealth health)
{
    public const string ContinuationHeader = ApiHeaders.ContinuationToken;
    private const string Instances = "/runtime/webhooks/durabletask/instances";

    public async Task<JobPage> ListAsync(JobFilter filter, int top, string? continuation, CancellationToken cancellationToken)
    {
        var query = filter.ToQuery();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"{Instances}?{query}{(query.Length > 0 ? "&" : "")}top={top}&showInput=false"));
        if (!string.IsNullOrEmpty(continuation))
        {
            request.Headers.Add(ContinuationHeader, continuation);
        }

        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var jobs = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ListInstanceStatus, cancellationToken) ?? [];
        var next = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
        return new(jobs, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>The job, or null when there is no such job.</summary>
    public async Task<InstanceStatus?> GetAsync(string instanceId, bool showHistory, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{InstancePath(instanceId)}?showInput=false&showHistory={(showHistory ? "true" : "false")}");
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.InstanceStatus, cancellationToken);
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
        using var request = new HttpRequestMessage(HttpMethod.Get, ItemPath(instanceId, itemId));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ItemView, cancellationToken);
    }

    /// <summary>A succeeded item's output, as the JSON the algorithm wrote.</summary>
    public async Task<string> ItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ItemPath(instanceId, itemId)}/output");
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static string ItemPath(string instanceId, int itemId) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/instances/{Uri.EscapeDataString(instanceId)}/items/{itemId}");

    private async Task<ItemPage> ItemsPageAsync(string instanceId, string? status, int top, string? continuation, CancellationToken cancellationToken)
    {
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"top={top}"));
        if (!string.IsNullOrEmpty(status))
        {
            query.Append("&status=").Append(Uri.EscapeDataString(status));
        }

        if (!string.IsNullOrEmpty(continuation))
        {
            query.Append("&continuationToken=").Append(Uri.EscapeDataString(continuation));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/instances/{Uri.EscapeDataString(instanceId)}/items?{query}");
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var page = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ItemPage, cancellationToken) ?? new([], null);
        return page with { ContinuationToken = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken };
    }

    public Task<ActionOutcome> TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"{InstancePath(instanceId)}/terminate{Reason(reason)}", "Termination requested", cancellationToken);

    public Task<ActionOutcome> SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"{InstancePath(instanceId)}/suspend{Reason(reason)}", "Suspended", cancellationToken);

    public Task<ActionOutcome> ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"{InstancePath(instanceId)}/resume{Reason(reason)}", "Resumed", cancellationToken);

    public Task<ActionOutcome> RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(HttpMethod.Post, $"{InstancePath(instanceId)}/rewind{Reason(reason)}", "Rewinding: the failed items run again", cancellationToken);

    public async Task<ActionOutcome> RestartAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{InstancePath(instanceId)}/restart") { Content = new ByteArrayContent([]) };
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new(false, await ProblemAsync(response, cancellationToken));
        }

        var started = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.CheckStatusResponse, cancellationToken);
        return new(true, $"Restarted as {started?.Id}", started?.Id);
    }

    public async Task<ActionOutcome> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, InstancePath(instanceId));
        using var response = await SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? new(true, $"Purged {instanceId}")
            : new(false, await ProblemAsync(response, cancellationToken));
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
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Instances}?{filter.ForPurge().ToQuery()}");
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new(true, "No finished job matched the filter; nothing was purged.");
        }

        if (!response.IsSuccessStatusCode)
        {
            return new(false, await ProblemAsync(response, cancellationToken));
        }

        var result = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.PurgeResult, cancellationToken);
        var count = result?.InstancesDeleted ?? 0;
        return new(true, string.Create(CultureInfo.InvariantCulture, $"Purged {count} finished job{(count == 1 ? "" : "s")}."));
    }

    /// <summary>Starts a ComputeOrchestrator job with a JSON body as the start endpoint takes it.</summary>
    public async Task<ActionOutcome> StartAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/runtime/webhooks/durabletask/orchestrators/ComputeOrchestrator")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new(false, await ProblemAsync(response, cancellationToken));
        }

        var started = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.CheckStatusResponse, cancellationToken);
        return new(true, $"Started {started?.Id}", started?.Id);
    }

    private async Task<ActionOutcome> ActAsync(HttpMethod method, string path, string success, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent([]) };
        using var response = await SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? new(true, success) : new(false, await ProblemAsync(response, cancellationToken));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Refused, reset, timed out or a circuit open: whatever the cause, the orchestrator did not answer.
            health.ReportUnreachable(e.Message);
            throw;
        }

        if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            health.ReportUnreachable(string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
        }
        else
        {
            health.ReportAnswered();
        }

        return response;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new OrchestratorException(response.StatusCode, await ProblemAsync(response, cancellationToken));
        }
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.Problem, cancellationToken);
            return problem?.Detail ?? problem?.Title ?? status;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return status;
        }
    }

    private static string InstancePath(string instanceId) => $"{Instances}/{Uri.EscapeDataString(instanceId)}";

    private static string Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "" : "?reason=" + Uri.EscapeDataString(reason.Trim());
}
