using Refit;

namespace ComputeEngine.Contracts.Api;

/// <summary>
/// The orchestrator's HTTP API as one typed client (Refit generates it at build time): the dashboard, the CLI
/// and the AppHost's demo call it through <see cref="OrchestratorApi.Create"/>. Answers come back as
/// <see cref="IApiResponse{T}"/> so each caller words a refusal its own way; a body that is not the JSON
/// expected is an error on the response too.
/// </summary>
public interface IOrchestratorApi
{
    /// <summary>Starts a job with a JSON body.</summary>
    [Post(ApiRoutes.Start)]
    Task<IApiResponse<CheckStatusResponse>> StartAsync(string functionName, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>Starts a job under a chosen id.</summary>
    [Post(ApiRoutes.Start + "/{instanceId}")]
    Task<IApiResponse<CheckStatusResponse>> StartWithIdAsync(string functionName, string instanceId, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>The seed's start: a job of <paramref name="inputCount"/> numbered inputs.</summary>
    [Post(ApiRoutes.SeedStart)]
    Task<IApiResponse<CheckStatusResponse>> StartCountAsync(string functionName, int inputCount, CancellationToken cancellationToken);

    /// <summary>One job's status; 202 while it runs, 200 once final, 404 when unknown.</summary>
    [Get(ApiRoutes.Instance)]
    Task<IApiResponse<InstanceStatus>> GetAsync(string instanceId, bool? showInput, bool? showHistory, CancellationToken cancellationToken);

    /// <summary>A page of the jobs matching the filter; the next page's token is in <see cref="ApiHeaders.ContinuationToken"/>.</summary>
    [Get(ApiRoutes.Instances)]
    Task<IApiResponse<List<InstanceStatus>>> ListAsync(
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix, int? top, bool? showInput,
        [Header(ApiHeaders.ContinuationToken)] string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Stops a job.</summary>
    [Post(ApiRoutes.Terminate)]
    Task<IApiResponse> TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Pauses a job.</summary>
    [Post(ApiRoutes.Suspend)]
    Task<IApiResponse> SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Resumes a suspended job.</summary>
    [Post(ApiRoutes.Resume)]
    Task<IApiResponse> ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Re-runs the failed items of a failed job.</summary>
    [Post(ApiRoutes.Rewind)]
    Task<IApiResponse> RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Runs a job's input again under a new id.</summary>
    [Post(ApiRoutes.Restart)]
    Task<IApiResponse<CheckStatusResponse>> RestartAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges a finished job.</summary>
    [Delete(ApiRoutes.Instance)]
    Task<IApiResponse> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges the finished jobs matching a filter; 404 when none matched.</summary>
    [Delete(ApiRoutes.Instances)]
    Task<IApiResponse<PurgeResult>> PurgeManyAsync(
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix, CancellationToken cancellationToken);

    /// <summary>A page of a job's items in index order.</summary>
    [Get(ApiRoutes.Items)]
    Task<IApiResponse<ItemPage>> ItemsAsync(string instanceId, int top, string? status, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>One item in full, with its input and attempts.</summary>
    [Get(ApiRoutes.Item)]
    Task<IApiResponse<ItemView>> ItemAsync(string instanceId, int itemId, CancellationToken cancellationToken);

    /// <summary>A succeeded item's output, as the JSON the algorithm wrote.</summary>
    [Get(ApiRoutes.ItemOutput)]
    Task<IApiResponse<string>> ItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken);

    /// <summary>Every output as JSON lines, streamed; with <paramref name="follow"/> until the job ends.</summary>
    [Get(ApiRoutes.Results)]
    Task<HttpResponseMessage> ResultsAsync(string instanceId, bool? follow, CancellationToken cancellationToken);
}
