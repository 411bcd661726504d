using System.Net;

namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>The orchestrator answered with an error; the message is its problem detail.</summary>
public sealed class OrchestratorException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
