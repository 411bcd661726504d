namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>How the dashboard calls the orchestrator, bound from the <c>Orchestrator</c> section it shares with the orchestrator.</summary>
public sealed class OrchestratorClientOptions
{
    public const string Section = "Orchestrator";

    /// <summary>The orchestrator's API key, sent as <c>x-functions-key</c> when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Found through service discovery: <c>services:orchestrator:http:0</c>.</summary>
    public Uri BaseAddress { get; set; } = new("http://orchestrator");
}
