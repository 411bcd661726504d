using ComputeEngine.AppHost.Scaling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.AppHost.Api;

internal sealed record ResourceStatus(string Name, string State, Uri? Url, int? Pid, int Restarts, int? LastExitCode);

internal sealed record AppHostStatus(IReadOnlyList<ResourceStatus> Resources, ScalerSnapshot Scaler);

/// <summary><c>GET /status</c>: the worker replicas Aspire runs and the scaler's recent decisions, for the project's dashboard.</summary>
internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status", GetStatus);
        return routes;
    }

    private static Ok<AppHostStatus> GetStatus(WorkerReplicas replicas, ScalerStatus scaler) => TypedResults.Ok(new AppHostStatus(
        [.. replicas.Snapshot().Select(r => new ResourceStatus(r.Id, r.State, null, r.Pid, 0, r.ExitCode))],
        scaler.Snapshot()));
}
