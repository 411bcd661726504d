using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// When <see cref="OrchestratorOptions.ApiKey"/> is set, requires it as Durable Functions does: the
/// <c>code</c> query parameter or the <c>x-functions-key</c> header, compared in constant time.
/// </summary>
public sealed class ApiKeyFilter(IOptions<OrchestratorOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return await next(context);
        }

        var request = context.HttpContext.Request;
        var given = request.Headers[ApiHeaders.FunctionsKey].FirstOrDefault() ?? request.Query["code"].FirstOrDefault() ?? "";
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            $"A valid key is required in the '{ApiHeaders.FunctionsKey}' header or the 'code' query parameter.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");
    }
}
