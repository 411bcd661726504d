using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Starting orchestrations: the seed's route and Durable Functions' webhook route.</summary>
public static class StartEndpoints
{
    public static IEndpointRouteBuilder MapStartApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ApiRoutes.SeedStart + "/{instanceId?}", StartAsync);
        routes.MapPost(ApiRoutes.Start + "/{instanceId?}", StartAsync);
        return routes;
    }

    private static async Task<Results<Accepted<CheckStatusResponse>, ProblemHttpResult>> StartAsync(
        string functionName,
        string? instanceId,
        string? inputCount,
        string? algorithm,
        HttpRequest request,
        JobStarter starter,
        LargeBodyGate gate,
        AlgorithmCatalogue algorithms,
        InstanceUris uris,
        IOptions<OrchestratorOptions> options,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(functionName, JobStarter.FunctionName, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest("functionName", $"The function '{Shorten(functionName)}' doesn't exist; the orchestrator function is '{JobStarter.FunctionName}'.");
        }

        instanceId ??= InstanceIds.New();
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        using var turn = await gate.EnterAsync(request, cancellationToken);
        var (body, bodyProblem) = await RequestBody.ReadAsync(request, options.Value.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return bodyProblem!;
        }

        using var owned = body;
        var (spec, error) = StartRequestParser.Parse(inputCount, algorithm, body.AsReadOnlySequence, options.Value);
        if (error is not null)
        {
            return TypedResults.Problem(error.Detail, statusCode: error.Status, title: error.Title);
        }

        if (await algorithms.CheckAsync(spec!.Algorithm, cancellationToken) is (false, var known))
        {
            return Problems.BadRequest("algorithm", $"No worker offers the algorithm '{spec.Algorithm}'; the workers offer {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }

        var (header, startError) = await starter.StartAsync(instanceId, spec!, null, cancellationToken);
        if (startError is not null)
        {
            return TypedResults.Problem(startError.Detail, statusCode: startError.Status, title: startError.Title);
        }

        if (header is null)
        {
            return Problems.Conflict(instanceId);
        }

        return Accepted(request, uris, instanceId, options.Value);
    }

    public static Accepted<CheckStatusResponse> Accepted(HttpRequest request, InstanceUris uris, string instanceId, OrchestratorOptions options)
    {
        var payload = uris.CheckStatus(request, instanceId);
        request.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Accepted(payload.StatusQueryGetUri, payload);
    }

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
