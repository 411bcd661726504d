using System.Text;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Builds the absolute management URLs of an instance from the request that asked for them.</summary>
public sealed class InstanceUris(IOptions<OrchestratorOptions> options)
{
    private const string TaskHub = "ComputeEngine";
    private const string Connection = "storage";

    public CheckStatusResponse CheckStatus(HttpRequest request, string instanceId) => new(
        instanceId,
        Build(request, instanceId, "", null),
        Build(request, instanceId, "/raiseEvent/{eventName}", null),
        Build(request, instanceId, "/terminate", "reason={text}"),
        Build(request, instanceId, "/rewind", "reason={text}"),
        Build(request, instanceId, "", null),
        Build(request, instanceId, "/restart", null),
        Build(request, instanceId, "/suspend", "reason={text}"),
        Build(request, instanceId, "/resume", "reason={text}"));

    private string Build(HttpRequest request, string instanceId, string action, string? firstQuery)
    {
        var url = new StringBuilder()
            .Append(request.Scheme).Append("://").Append(request.Host.Value)
            .Append(request.PathBase.Value).Append(ApiRoutes.Instances).Append('/').Append(Uri.EscapeDataString(instanceId))
            .Append(action).Append('?');
        if (firstQuery is not null)
        {
            url.Append(firstQuery).Append('&');
        }

        url.Append("taskHub=").Append(TaskHub).Append("&connection=").Append(Connection);
        if (!string.IsNullOrEmpty(options.Value.ApiKey))
        {
            // Durable Functions puts the system key in these URLs so a client can follow them as given.
            url.Append("&code=").Append(Uri.EscapeDataString(options.Value.ApiKey));
        }

        return url.ToString();
    }
}
