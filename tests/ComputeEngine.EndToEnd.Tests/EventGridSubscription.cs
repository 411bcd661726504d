using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// The webhook URL the Event Grid subscription of infra/modules/event-grid.bicep calls: main.parameters.json's
/// eventGridEndpointUrl, expanded by azd from its environment (Azure/azure-dev at commit
/// ae35809f496491989273d0edefdeb70f245f399b, cli/azd/pkg/infra/provisioning/bicep/bicep_provider.go,
/// evalParamEnvSubst: drone/envsubst over each parameter value). Event Grid calls that URL as given, query
/// string included, for the validation handshake and every delivery
/// (learn.microsoft.com/azure/event-grid/security-authentication, "client secret as a query parameter").
/// </summary>
public static partial class EventGridSubscription
{
    public static Uri EndpointUrl(IReadOnlyDictionary<string, string> azdEnvironment)
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "main.parameters.json")))!;
        var template = (string)parameters["parameters"]!["eventGridEndpointUrl"]!["value"]!;
        return new Uri(Variable().Replace(template, m => azdEnvironment.TryGetValue(m.Groups["name"].Value, out var value) ? value : ""));
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)\}")]
    private static partial Regex Variable();
}
