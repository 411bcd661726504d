using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Nerdbank.Streams;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Reads an optional JSON body with a size limit, turning every way it can be wrong into a 4xx.</summary>
public static class RequestBody
{
    // Pooled pieces of this size hold a body once, however it arrives (Content-Length or chunked).
    private const int SegmentBytes = 256 * 1024;

    /// <summary>The body as read, in pooled segments the caller disposes; empty when there is none.</summary>
    public static async Task<(Sequence<byte>? Body, ProblemHttpResult? Problem)> ReadAsync(
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

        if (request.ContentLength != 0 && request.ContentType is { } type && !IsJson(type))
        {
            return (null, TypedResults.Problem(
                $"The body must be JSON (application/json), not '{type}'.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type"));
        }

        var body = new Sequence<byte>(ArrayPool<byte>.Shared) { MinimumSpanLength = SegmentBytes };
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(SegmentBytes), cancellationToken);
                if (read == 0)
                {
                    return (body, null);
                }

                body.Advance(read);
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return (null, Problems.TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            return (null, Problems.TooLarge(maxBytes));
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>A small body parsed whole; no body is <c>null</c>.</summary>
    public static async Task<(JsonElement? Body, ProblemHttpResult? Problem)> ReadJsonAsync(
        HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return (null, problem);
        }

        using (body)
        {
            if (body.Length == 0)
            {
                return (null, null);
            }

            try
            {
                using var document = JsonDocument.Parse(body.AsReadOnlySequence);
                return (document.RootElement.Clone(), null);
            }
            catch (JsonException e)
            {
                return (null, NotJson(e));
            }
        }
    }

    private static ProblemHttpResult NotJson(JsonException e) =>
        Problems.BadRequest("body", $"The body is not valid JSON: {e.Message}");

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
