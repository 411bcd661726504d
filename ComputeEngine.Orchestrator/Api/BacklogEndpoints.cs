using ComputeEngine.Orchestrator.Dispatch;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// The backlog for autoscalers, anonymous like the health and metrics endpoints: KEDA's metrics-api trigger
/// reads <c>batches</c> (a count, nothing about any job).
/// </summary>
public static class BacklogEndpoints
{
    public const string Path = "/metrics/backlog";

    public static IEndpointRouteBuilder MapBacklogApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (Backlog backlog, CancellationToken cancellationToken) =>
            TypedResults.Ok(await backlog.ReadAsync(cancellationToken))).WithTags("Autoscaling");
        return routes;
    }
}
