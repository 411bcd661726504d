using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Reads an optional JSON body with a size limit, turning every way it can be wrong into a 4xx.</summary>
public static class RequestBody
{
    public static async Task<(JsonElement? Body, ProblemHttpResult? Problem)> ReadJsonAsync(
        HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength == 0)
        {
            return (null, null);
        }

        if (request.ContentType is { } type && !IsJson(type))
        {
            return (null, TypedResults.Problem(
                $"The body must be JSON (application/json), not '{type}'.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type"));
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length == 0)
            {
                return (null, null);
            }

            buffer.Position = 0;
            using var document = await JsonDocument.ParseAsync(buffer, cancellationToken: cancellationToken);
            return (document.RootElement.Clone(), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(maxBytes));
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest("body", $"The body is not valid JSON: {e.Message}"));
        }
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
