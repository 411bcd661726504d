using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Restart and purge: actions that create or delete whole instances.</summary>
public static class LifecycleEndpoints
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ApiRoutes.Restart, RestartAsync);
        routes.MapDelete(ApiRoutes.Instance, PurgeAsync);
        routes.MapDelete(ApiRoutes.Instances, PurgeManyAsync);
        return routes;
    }

    private static async Task<Results<Accepted<CheckStatusResponse>, ProblemHttpResult>> RestartAsync(
        string instanceId,
        string? restartWithNewInstanceId,
        HttpRequest request,
        InstanceStore store,
        JobStarter starter,
        Purger purger,
        InstanceUris uris,
        IOptions<OrchestratorOptions> options,
        CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        if (!QueryFlags.TryParse(restartWithNewInstanceId, out var newId))
        {
            return Problems.BadRequest("restartWithNewInstanceId", "restartWithNewInstanceId must be true or false.");
        }

        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return Problems.NotFound(instanceId);
        }

        var targetId = restartWithNewInstanceId is null || newId ? InstanceIds.New() : instanceId;
        string? copyInputsFrom = header.InputBlob;
        if (targetId == instanceId)
        {
            if (!header.IsFinal)
            {
                return Problems.Conflict(instanceId);
            }

            // The old inputs blob is deleted by the purge: keep a copy under a name the purge does not touch.
            copyInputsFrom = await starter.StashInputsAsync(header, cancellationToken);
            if (await purger.PurgeAsync(instanceId, cancellationToken, keepInputs: true) is not PurgeOutcome.Purged)
            {
                // Rewound or restarted by another request meanwhile.
                await starter.DeleteStashAsync(copyInputsFrom, cancellationToken);
                return Problems.Conflict(instanceId);
            }
        }

        var (started, _) = await starter.StartAsync(targetId, JobStarter.SpecOf(header, sameId: targetId == instanceId), copyInputsFrom, cancellationToken);
        if (targetId == instanceId)
        {
            await starter.DeleteStashAsync(copyInputsFrom, cancellationToken);
        }

        // The inputs are copied from the finished job, so only a taken id can refuse the start.
        return started is null
            ? Problems.Conflict(targetId)
            : StartEndpoints.Accepted(request, uris, targetId, options.Value);
    }

    private static async Task<Results<Ok<PurgeResult>, ProblemHttpResult>> PurgeAsync(
        string instanceId, Purger purger, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        return await purger.PurgeAsync(instanceId, cancellationToken) switch
        {
            PurgeOutcome.NotFound => Problems.NotFound(instanceId),
            PurgeOutcome.NotFinal(var status) => Problems.PreconditionFailed(instanceId, status, "purged"),
            _ => TypedResults.Ok(new PurgeResult(1)),
        };
    }

    private static async Task<Results<Ok<PurgeResult>, ProblemHttpResult>> PurgeManyAsync(
        string? runtimeStatus,
        string? createdTimeFrom,
        string? createdTimeTo,
        string? instanceIdPrefix,
        InstanceStore store,
        Purger purger,
        CancellationToken cancellationToken)
    {
        if (createdTimeFrom is null)
        {
            return Problems.BadRequest("createdTimeFrom", "createdTimeFrom is required to purge many instances.");
        }

        var (query, problem) = InstanceFilter.Parse(runtimeStatus, createdTimeFrom, createdTimeTo, instanceIdPrefix);
        if (problem is not null)
        {
            return problem;
        }

        var deleted = 0;
        string? continuation = null;
        do
        {
            var (page, next) = await store.QueryAsync(query!, 100, continuation, cancellationToken);
            foreach (var header in page.Where(h => h.IsFinal))
            {
                deleted += await purger.PurgeAsync(header.PartitionKey, cancellationToken) is PurgeOutcome.Purged ? 1 : 0;
            }

            continuation = next;
        }
        while (continuation is not null);

        return deleted == 0
            ? TypedResults.Problem("No finished instance matched the filter.", statusCode: StatusCodes.Status404NotFound, title: "Nothing to purge")
            : TypedResults.Ok(new PurgeResult(deleted));
    }
}
