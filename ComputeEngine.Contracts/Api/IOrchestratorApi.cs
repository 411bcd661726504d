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
    /// <param name="functionName">The orchestrator function, <see cref="ApiRoutes.ComputeOrchestrator"/>.</param>
    /// <param name="body">The start body (inputs, count or blob prefix, and options).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new instance's management URLs.</returns>
    [Post(ApiRoutes.Start)]
    Task<IApiResponse<CheckStatusResponse>> StartAsync(string functionName, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>Starts a job under a chosen id.</summary>
    /// <param name="functionName">The orchestrator function, <see cref="ApiRoutes.ComputeOrchestrator"/>.</param>
    /// <param name="instanceId">The id; an existing one is a 409.</param>
    /// <param name="body">The start body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new instance's management URLs.</returns>
    [Post(ApiRoutes.Start + "/{instanceId}")]
    Task<IApiResponse<CheckStatusResponse>> StartWithIdAsync(string functionName, string instanceId, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>The seed's start: a job of <paramref name="inputCount"/> numbered inputs.</summary>
    /// <param name="functionName">The orchestrator function, <see cref="ApiRoutes.ComputeOrchestrator"/>.</param>
    /// <param name="inputCount">How many items.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new instance's management URLs.</returns>
    [Post(ApiRoutes.SeedStart)]
    Task<IApiResponse<CheckStatusResponse>> StartCountAsync(string functionName, int inputCount, CancellationToken cancellationToken);

    /// <summary>One job's status; 202 while it runs, 200 once final, 404 when unknown.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="showInput">Whether to include the input.</param>
    /// <param name="showHistory">Whether to include the lifecycle events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    [Get(ApiRoutes.Instance)]
    Task<IApiResponse<InstanceStatus>> GetAsync(string instanceId, bool? showInput, bool? showHistory, CancellationToken cancellationToken);

    /// <summary>A page of jobs, newest filter first; the next page's token is in <see cref="ApiHeaders.ContinuationToken"/>.</summary>
    /// <param name="runtimeStatus">Comma-separated statuses.</param>
    /// <param name="createdTimeFrom">Created at or after (ISO 8601).</param>
    /// <param name="createdTimeTo">Created at or before (ISO 8601).</param>
    /// <param name="instanceIdPrefix">Ids starting with.</param>
    /// <param name="top">Page size.</param>
    /// <param name="showInput">Whether to include inputs.</param>
    /// <param name="continuationToken">The token of this page, from the previous answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    [Get(ApiRoutes.Instances)]
    Task<IApiResponse<List<InstanceStatus>>> ListAsync(
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix, int? top, bool? showInput,
        [Header(ApiHeaders.ContinuationToken)] string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Stops a job.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="reason">Why, recorded in its history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, or the refusal.</returns>
    [Post(ApiRoutes.Terminate)]
    Task<IApiResponse> TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Pauses a job.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, or the refusal.</returns>
    [Post(ApiRoutes.Suspend)]
    Task<IApiResponse> SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Resumes a suspended job.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, or the refusal.</returns>
    [Post(ApiRoutes.Resume)]
    Task<IApiResponse> ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Re-runs the failed items of a failed job.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, or the refusal.</returns>
    [Post(ApiRoutes.Rewind)]
    Task<IApiResponse> RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Runs a job's input again under a new id.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new instance's management URLs.</returns>
    [Post(ApiRoutes.Restart)]
    Task<IApiResponse<CheckStatusResponse>> RestartAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges a finished job.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>200, or the refusal.</returns>
    [Delete(ApiRoutes.Instance)]
    Task<IApiResponse> PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Purges the finished jobs matching a filter; 404 when none matched.</summary>
    /// <param name="runtimeStatus">Comma-separated statuses.</param>
    /// <param name="createdTimeFrom">Created at or after (ISO 8601); required.</param>
    /// <param name="createdTimeTo">Created at or before (ISO 8601).</param>
    /// <param name="instanceIdPrefix">Ids starting with.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were purged.</returns>
    [Delete(ApiRoutes.Instances)]
    Task<IApiResponse<PurgeResult>> PurgeManyAsync(
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix, CancellationToken cancellationToken);

    /// <summary>A page of a job's items in index order.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="top">Page size.</param>
    /// <param name="status">Only items in this <see cref="Storage.ItemStatus"/>.</param>
    /// <param name="continuationToken">The token of this page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; it may be short, even empty, with a token.</returns>
    [Get(ApiRoutes.Items)]
    Task<IApiResponse<ItemPage>> ItemsAsync(string instanceId, int top, string? status, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>One item in full, with its input and attempts.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="itemId">The item's index.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item.</returns>
    [Get(ApiRoutes.Item)]
    Task<IApiResponse<ItemView>> ItemAsync(string instanceId, int itemId, CancellationToken cancellationToken);

    /// <summary>A succeeded item's output, as the JSON the algorithm wrote.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="itemId">The item's index.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The output's text.</returns>
    [Get(ApiRoutes.ItemOutput)]
    Task<IApiResponse<string>> ItemOutputAsync(string instanceId, int itemId, CancellationToken cancellationToken);

    /// <summary>Every output as JSON lines, streamed; with <paramref name="follow"/> until the job ends.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="follow">Whether to keep streaming outputs as they are written.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response, its body unread.</returns>
    [Get(ApiRoutes.Results)]
    Task<HttpResponseMessage> ResultsAsync(string instanceId, bool? follow, CancellationToken cancellationToken);
}
