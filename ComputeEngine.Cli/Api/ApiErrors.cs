using System.Net;
using System.Text.Json;
using Refit;

namespace ComputeEngine.Cli.Api;

/// <summary>Turns what went wrong talking to the orchestrator into one line a user can act on.</summary>
public sealed class ApiErrors(Uri baseUrl, bool keyGiven)
{
    private readonly string _url = baseUrl.ToString().TrimEnd('/');

    public CliException Unreachable(Exception e) => new(
        $"Cannot reach the orchestrator at {_url} ({Reason(e)}). Is the AppHost running? Start it with 'dotnet run --project ComputeEngine.AppHost', or point --url (COMPUTEENGINE_URL) at the orchestrator.",
        inner: e);

    public CliException TimedOut(Exception e) => new($"The orchestrator at {_url} did not answer within 100 seconds.", inner: e);

    public async Task<CliException> FromResponseAsync(HttpResponseMessage response, string? instanceId, CancellationToken cancellationToken) => From(
        response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.MediaType,
        await response.Content.ReadAsStringAsync(cancellationToken), response.RequestMessage, instanceId);

    public CliException FromResponse(IApiResponse response, string? instanceId)
    {
        var error = response.Error as ApiException;
        return From(response.StatusCode.GetValueOrDefault(), response.ReasonPhrase, error?.ContentHeaders?.ContentType?.MediaType, error?.Content, response.RequestMessage, instanceId);
    }

    private CliException From(HttpStatusCode status, string? reasonPhrase, string? mediaType, string? body, HttpRequestMessage? request, string? instanceId)
    {
        var problem = ReadProblem(mediaType, body);
        return status switch
        {
            HttpStatusCode.Unauthorized when keyGiven => new($"The orchestrator at {_url} rejected the key (401 Unauthorized): check --key or COMPUTEENGINE_KEY."),
            HttpStatusCode.Unauthorized => new($"The orchestrator at {_url} requires a key (401 Unauthorized): pass --key or set COMPUTEENGINE_KEY."),
            HttpStatusCode.NotFound when instanceId is not null && problem?.Title is null or "Instance not found" =>
                new($"Unknown job '{instanceId}': the orchestrator at {_url} has no job with that id (404)."),
            _ when problem?.Title is not null => new($"{problem.Title}: {OneLine(problem.Detail)} ({(int)status})"),
            _ => new($"The orchestrator answered {(int)status} {reasonPhrase} to {request?.Method} {request?.RequestUri?.AbsolutePath}."),
        };
    }

    private static Problem? ReadProblem(string? mediaType, string? body)
    {
        if (mediaType is not ("application/problem+json" or "application/json") || string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.Problem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket)
            {
                return OneLine(socket.Message);
            }
        }

        return OneLine(e.Message);
    }

    private static string OneLine(string? text) => string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
