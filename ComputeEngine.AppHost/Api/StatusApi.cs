using ComputeEngine.AppHost.Running;
using ComputeEngine.AppHost.Scaling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.AppHost.Api;

internal sealed record ResourceStatus(string Name, string State, Uri? Url, int? Pid, int Restarts, int? LastExitCode);

internal sealed record AppHostStatus(IReadOnlyList<ResourceStatus> Resources, ScalerSnapshot Scaler);

/// <summary><c>GET /status</c>: every resource and the autoscaler's recent decisions, for the dashboard and tests.</summary>
internal static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status", GetStatus);
        return routes;
    }

    private static Ok<AppHostStatus> GetStatus(Resources resources, ScalerStatus scaler) => TypedResults.Ok(new AppHostStatus(
        [.. resources.Snapshot().Select(r => new ResourceStatus(r.Name, r.State.ToString(), r.Url, r.Pid, r.Restarts, r.LastExitCode))],
        scaler.Snapshot()));
}
