using System.Globalization;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.Orchestrator.Items;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Status of one instance and the filtered, paged list of instances.</summary>
public static class StatusEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ApiRoutes.Instance, GetAsync);
        routes.MapGet(ApiRoutes.Instances, ListAsync);
        return routes;
    }

    private static async Task<Results<Ok<InstanceStatus>, Accepted<InstanceStatus>, JsonHttpResult<InstanceStatus>, ProblemHttpResult>> GetAsync(
        string instanceId,
        string? showHistory,
        string? showHistoryOutput,
        string? showInput,
        string? returnInternalServerErrorOnFailure,
        HttpRequest request,
        InstanceStore store,
        RunningItems running,
        IOptions<OrchestratorOptions> options,
        CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        if (!QueryFlags.TryParse(showHistory, out var history) || !QueryFlags.TryParse(showHistoryOutput, out _)
            || !QueryFlags.TryParse(showInput, out var input) || !QueryFlags.TryParse(returnInternalServerErrorOnFailure, out var serverErrorOnFailure))
        {
            return Problems.BadRequest("query", "showHistory, showHistoryOutput, showInput and returnInternalServerErrorOnFailure must be true or false.");
        }

        var header = await store.GetForStatusAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return Problems.NotFound(instanceId);
        }

        // Durable Functions echoes the input unless showInput=false.
        // A stopped job's items already running finish (suspend) or are cancelled (terminate) on their workers.
        int? stillRunning = header.RuntimeStatus is RuntimeStatus.Suspended or RuntimeStatus.Terminated
            ? await running.OfAsync(instanceId, cancellationToken)
            : null;
        var status = StatusMapper.ToStatus(header, showInput is null || input, history, stillRunning);
        if (!header.IsFinal)
        {
            request.HttpContext.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Accepted(request.GetEncodedUrlWithoutKey(), status);
        }

        return header.RuntimeStatus == RuntimeStatus.Failed && serverErrorOnFailure
            ? TypedResults.Json(status, ApiJsonContext.Default.InstanceStatus, statusCode: StatusCodes.Status500InternalServerError)
            : TypedResults.Ok(status);
    }

    private static async Task<Results<Ok<List<InstanceStatus>>, ProblemHttpResult>> ListAsync(
        string? runtimeStatus,
        string? createdTimeFrom,
        string? createdTimeTo,
        string? instanceIdPrefix,
        string? top,
        string? showInput,
        HttpRequest request,
        InstanceStore store,
        CancellationToken cancellationToken)
    {
        var (query, problem) = InstanceFilter.Parse(runtimeStatus, createdTimeFrom, createdTimeTo, instanceIdPrefix);
        if (problem is not null)
        {
            return problem;
        }

        var pageSize = DefaultPageSize;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            return Problems.BadRequest("top", $"top must be a whole number from 1 to {MaxPageSize}.");
        }

        if (!QueryFlags.TryParse(showInput, out var input))
        {
            return Problems.BadRequest("showInput", "showInput must be true or false.");
        }

        if (!ContinuationTokens.TryDecode(ContinuationTokens.Instances, request.Headers[ApiHeaders.ContinuationToken].FirstOrDefault(), out var continuation))
        {
            return Problems.BadRequest(ApiHeaders.ContinuationToken, "The continuation token is not one this API returned.");
        }

        try
        {
            var (page, next) = await store.QueryAsync(query!, pageSize, continuation, cancellationToken);
            request.HttpContext.Response.Headers[ApiHeaders.ContinuationToken] = ContinuationTokens.Encode(ContinuationTokens.Instances, next) ?? "";
            return TypedResults.Ok(page.Where(h => h.PurgeStartedAt is null).Select(h => StatusMapper.ToStatus(h, input, showHistory: false)).ToList());
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest(ApiHeaders.ContinuationToken, "The continuation token is not one this API returned.");
        }
        catch (ArgumentException)
        {
            return Problems.BadRequest(ApiHeaders.ContinuationToken, "The continuation token is not one this API returned.");
        }
    }

    /// <summary>
    /// The URL polled, minus the <c>code</c> key (Durable Functions echoes it): a Location header is logged
    /// by proxies far more often than a body, and the caller already holds the key.
    /// </summary>
    private static string GetEncodedUrlWithoutKey(this HttpRequest request)
    {
        var query = QueryString.Create(request.Query.Where(p => !string.Equals(p.Key, "code", StringComparison.OrdinalIgnoreCase)));
        return Microsoft.AspNetCore.Http.Extensions.UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query);
    }
}
