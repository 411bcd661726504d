using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using ComputeEngine.Orchestrator.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>
/// <c>/runtime/webhooks/eventgrid</c>: receives Storage BlobCreated events in the Event Grid schema or as
/// CloudEvents, answers both subscription validation handshakes, and turns output blobs into completions.
/// </summary>
public static class EventGridEndpoints
{
    public const string Path = "/runtime/webhooks/eventgrid";
    private const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapEventGridApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, ReceiveAsync).AddEndpointFilter<WebhookKeyFilter>().WithTags("Event Grid");
        routes.MapMethods(Path, [HttpMethods.Options], CloudEventsHandshake).AddEndpointFilter<WebhookKeyFilter>().WithTags("Event Grid");
        return routes;
    }

    private static Ok CloudEventsHandshake(HttpRequest request, HttpResponse response)
    {
        response.Headers["WebHook-Allowed-Origin"] = request.Headers["WebHook-Request-Origin"].FirstOrDefault() ?? "*";
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok, Ok<ValidationResponse>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, BlobCreatedHandler handler, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body is null)
        {
            return Problems.BadRequest("body", "Expected Event Grid events or CloudEvents.");
        }

        var data = BinaryData.FromString(body.Value.GetRawText());
        List<(string Type, object? Data)> events;
        try
        {
            events = IsCloudEvents(request, body.Value)
                ? [.. CloudEvent.ParseMany(data).Select(e => (e.Type, e.TryGetSystemEventData(out var d) ? d : null))]
                : [.. EventGridEvent.ParseMany(data).Select(e => (e.EventType, e.TryGetSystemEventData(out var d) ? d : null))];
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return Problems.BadRequest("body", $"Not Event Grid events or CloudEvents: {e.Message}");
        }

        foreach (var (_, eventData) in events)
        {
            if (eventData is SubscriptionValidationEventData validation)
            {
                return TypedResults.Ok(new ValidationResponse(validation.ValidationCode));
            }
        }

        foreach (var (_, eventData) in events)
        {
            if (eventData is StorageBlobCreatedEventData created && Uri.TryCreate(created.Url, UriKind.Absolute, out var url)
                && await handler.HandleAsync(url, cancellationToken) == BlobCreatedResult.NotSettledYet)
            {
                return TypedResults.Problem("The batch is still being settled; deliver again later.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not settled yet");
            }
        }

        return TypedResults.Ok();
    }

    private static bool IsCloudEvents(HttpRequest request, System.Text.Json.JsonElement body) =>
        request.ContentType?.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase) == true
        || (body.ValueKind == System.Text.Json.JsonValueKind.Array && body.GetArrayLength() > 0 && body[0].TryGetProperty("specversion", out _))
        || (body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("specversion", out _));
}

/// <summary>The answer to Event Grid's subscription validation handshake.</summary>
public sealed record ValidationResponse([property: System.Text.Json.Serialization.JsonPropertyName("validationResponse")] string Code);
