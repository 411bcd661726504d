using System.CommandLine;
using ComputeEngine.Cli.Api;

namespace ComputeEngine.Cli.Commands;

/// <summary>Where the orchestrator is and how to authenticate: options on every command, with environment fallbacks.</summary>
public sealed class GlobalOptions
{
    public const string UrlVariable = "COMPUTEENGINE_URL";
    public const string KeyVariable = "COMPUTEENGINE_KEY";
    public const string DefaultUrl = "http://localhost:7071";

    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The orchestrator's base URL [env: {UrlVariable}; default: {DefaultUrl}]",
        Recursive = true,
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = $"The API key, sent as the {OrchestratorClient.KeyHeader} header [env: {KeyVariable}]",
        Recursive = true,
    };

    public OrchestratorClient CreateClient(ParseResult parse, CliContext context)
    {
        var url = parse.GetValue(Url) ?? context.Variable(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw CliException.InvalidInput($"--url must be an absolute http or https URL, not '{url}'.");
        }

        return new OrchestratorClient(baseUrl, parse.GetValue(Key) ?? context.Variable(KeyVariable));
    }
}
