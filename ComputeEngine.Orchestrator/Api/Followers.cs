using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// The <c>results?follow=true</c> streams a replica holds open: each polls storage while its job runs, so
/// their number is bounded (<see cref="OrchestratorOptions.MaxFollowers"/>) and so is their life
/// (<see cref="OrchestratorOptions.MaxFollowDuration"/>).
/// </summary>
public sealed class Followers(IOptions<OrchestratorOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _places = new(options.Value.MaxFollowers);

    public TimeSpan MaxDuration => options.Value.MaxFollowDuration;

    /// <summary>A place for one more stream, or none when all are taken.</summary>
    public IDisposable? TryEnter() => _places.Wait(0) ? new Slot(_places) : null;

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Full(HttpResponse response, OrchestratorOptions options)
    {
        response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            $"This replica already streams {options.MaxFollowers} followed results (Orchestrator:MaxFollowers); try again shortly, or read the results without follow.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many followers");
    }

    public void Dispose() => _places.Dispose();
}
