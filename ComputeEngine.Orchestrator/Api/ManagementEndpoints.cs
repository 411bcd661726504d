using System.Text.RegularExpressions;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Dispatch;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Events, terminate, suspend, resume and rewind: the state-changing instance actions.</summary>
public static partial class ManagementEndpoints
{
    private const long MaxEventBytes = 64 * 1024;
    private const int MaxReasonLength = 1024;

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ApiRoutes.RaiseEvent, RaiseEventAsync);
        routes.MapPost(ApiRoutes.Terminate, (string instanceId, string? reason, InstanceStore store, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(instanceId, reason, store, clock, "terminated", RuntimeStatus.Terminated, "ExecutionTerminated", ct));
        routes.MapPost(ApiRoutes.Suspend, (string instanceId, string? reason, InstanceStore store, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(instanceId, reason, store, clock, "suspended", RuntimeStatus.Suspended, "ExecutionSuspended", ct));
        routes.MapPost(ApiRoutes.Resume, ResumeAsync);
        routes.MapPost(ApiRoutes.Rewind, RewindAsync);
        return routes;
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, InstanceStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        if (!EventName().IsMatch(eventName))
        {
            return Problems.BadRequest("eventName", "eventName must be 1 to 100 letters, digits, '-', '_' or '.'.");
        }

        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return Problems.NotFound(instanceId);
        }

        if (header.IsFinal)
        {
            return Problems.Gone(instanceId, header.RuntimeStatus, "sent events");
        }

        var (_, problem) = await RequestBody.ReadJsonAsync(request, MaxEventBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // ComputeOrchestrator waits for no external event; the event is recorded in the history, as Durable Functions would.
        var result = await store.UpdateAsync(instanceId, h =>
        {
            if (h.IsFinal)
            {
                return Mutation.Skip(false);
            }

            JobLifecycle.AddHistory(h, new HistoryEvent("EventRaised", clock.GetUtcNow(), eventName));
            return Mutation.Write(true);
        }, cancellationToken);
        return result switch
        {
            null => Problems.NotFound(instanceId),
            { Result: false } => Problems.Gone(instanceId, result.Value.Header.RuntimeStatus, "sent events"),
            _ => TypedResults.Accepted((string?)null),
        };
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> TransitionAsync(
        string instanceId, string? reason, InstanceStore store, TimeProvider clock, string verb, string target, string eventType, CancellationToken cancellationToken)
    {
        if (Validate(instanceId, reason) is { } invalid)
        {
            return invalid;
        }

        var result = await store.UpdateAsync(instanceId, h =>
        {
            if (h.IsFinal || h.RuntimeStatus == target)
            {
                return Mutation.Skip(!h.IsFinal);
            }

            h.RuntimeStatus = target;
            JobLifecycle.AddHistory(h, new HistoryEvent(eventType, clock.GetUtcNow(), h.Name, reason));
            if (target == RuntimeStatus.Terminated)
            {
                h.Output = System.Text.Json.JsonSerializer.Serialize(JobLifecycle.Summary(h), ApiJsonContext.Default.JobSummary);
            }

            return Mutation.Write(true);
        }, cancellationToken);
        return result switch
        {
            null => Problems.NotFound(instanceId),
            { Result: false } => Problems.Gone(instanceId, result.Value.Header.RuntimeStatus, verb),
            _ => TypedResults.Accepted((string?)null),
        };
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ResumeAsync(
        string instanceId, string? reason, InstanceStore store, DispatchQueue dispatch, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Validate(instanceId, reason) is { } invalid)
        {
            return invalid;
        }

        var result = await store.UpdateAsync(instanceId, h =>
        {
            if (h.RuntimeStatus != RuntimeStatus.Suspended)
            {
                return Mutation.Skip(!h.IsFinal);
            }

            var now = clock.GetUtcNow();
            h.RuntimeStatus = RuntimeStatus.Running;
            JobLifecycle.AddHistory(h, new HistoryEvent("ExecutionResumed", now, h.Name, reason));
            JobLifecycle.TryFinish(h, now);
            return Mutation.Write(true);
        }, cancellationToken);
        if (result is { Result: true })
        {
            dispatch.Kick(instanceId);
        }

        return result switch
        {
            null => Problems.NotFound(instanceId),
            { Result: false } => Problems.Gone(instanceId, result.Value.Header.RuntimeStatus, "resumed"),
            _ => TypedResults.Accepted((string?)null),
        };
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RewindAsync(
        string instanceId, string? reason, Rewinder rewinder, DispatchQueue dispatch, CancellationToken cancellationToken)
    {
        if (Validate(instanceId, reason) is { } invalid)
        {
            return invalid;
        }

        switch (await rewinder.RewindAsync(instanceId, reason, cancellationToken))
        {
            case RewindOutcome.NotFound:
                return Problems.NotFound(instanceId);
            case RewindOutcome.NotFailed:
                return Problems.PreconditionFailed(instanceId, "not Failed", "rewound");
            default:
                dispatch.Kick(instanceId);
                return TypedResults.Accepted((string?)null);
        }
    }

    private static ProblemHttpResult? Validate(string instanceId, string? reason) =>
        !InstanceIds.IsValid(instanceId) ? Problems.InvalidInstanceId(instanceId)
        : reason is { Length: > MaxReasonLength } ? Problems.BadRequest("reason", $"reason must be at most {MaxReasonLength} characters.")
        : null;

    [GeneratedRegex(@"^[A-Za-z0-9_\-.]{1,100}$")]
    private static partial Regex EventName();
}
