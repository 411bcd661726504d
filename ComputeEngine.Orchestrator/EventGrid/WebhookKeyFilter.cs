using System.Security.Cryptography;
using System.Text;
using ComputeEngine.Orchestrator.Api;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.EventGrid;

/// <summary>
/// Event Grid authenticates a webhook delivery with a client secret in the endpoint URL's query string,
/// which it sends with both validation handshakes and every delivery
/// (learn.microsoft.com/azure/event-grid/security-authentication): with <see cref="EventGridOptions.WebhookKey"/>
/// set, the <c>code</c> parameter must equal it (constant-time); otherwise the API key rules apply.
/// </summary>
public sealed class WebhookKeyFilter(
    IOptions<EventGridOptions> eventGrid, IOptions<OrchestratorOptions> orchestrator, ILogger<WebhookKeyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = eventGrid.Value.WebhookKey;
        if (string.IsNullOrEmpty(expected))
        {
            return await new ApiKeyFilter(orchestrator).InvokeAsync(context, next);
        }

        var request = context.HttpContext.Request;
        var given = request.Query["code"].FirstOrDefault() ?? "";
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return await next(context);
        }

        Log.WebhookKeyRejected(logger, request.Method);
        return TypedResults.Problem(
            "The Event Grid webhook requires its key in the 'code' query parameter.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");
    }
}
