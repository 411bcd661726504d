using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>The <c>application/problem+json</c> answers the API gives.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string field, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {field}");

    public static ProblemHttpResult NotFound(string instanceId) =>
        TypedResults.Problem($"No instance with id '{instanceId}' was found.", statusCode: StatusCodes.Status404NotFound, title: "Instance not found");

    public static ProblemHttpResult Gone(string instanceId, string status, string action) =>
        TypedResults.Problem($"Instance '{instanceId}' is {status}; it cannot be {action}.", statusCode: StatusCodes.Status410Gone, title: "Instance is finished");

    public static ProblemHttpResult PreconditionFailed(string instanceId, string status, string action) =>
        TypedResults.Problem($"Instance '{instanceId}' is {status}; it cannot be {action} in that state.", statusCode: StatusCodes.Status412PreconditionFailed, title: "Instance is in the wrong state");

    public static ProblemHttpResult Conflict(string instanceId) =>
        TypedResults.Problem($"An instance with id '{instanceId}' already exists.", statusCode: StatusCodes.Status409Conflict, title: "Instance already exists");

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The body is larger than the limit of {maxBytes} bytes (Orchestrator:MaxRequestBytes).", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large");

    public static ProblemHttpResult InvalidInstanceId(string instanceId) =>
        BadRequest("instanceId", $"'{Truncate(instanceId)}' is not a valid instance id: {Contracts.Storage.InstanceIds.Rule}.");

    private static string Truncate(string value) => value.Length <= 120 ? value : value[..120] + "…";
}
