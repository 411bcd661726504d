namespace ComputeEngine.Contracts.Api;

/// <summary>The route templates of the API, as the orchestrator maps them and its clients call them.</summary>
public static class ApiRoutes
{
    /// <summary>The one orchestrator function this engine runs.</summary>
    public const string ComputeOrchestrator = "ComputeOrchestrator";

    /// <summary>Durable Functions' start route; an instance id may follow.</summary>
    public const string Start = "/runtime/webhooks/durabletask/orchestrators/{functionName}";

    /// <summary>The original Durable Functions sample's start route; an instance id may follow.</summary>
    public const string SeedStart = "/api/orchestrators/{functionName}";

    /// <summary>List (GET) and purge by filter (DELETE).</summary>
    public const string Instances = "/runtime/webhooks/durabletask/instances";

    /// <summary>Status (GET) and purge (DELETE) of one instance.</summary>
    public const string Instance = Instances + "/{instanceId}";

    /// <summary>Records an external event.</summary>
    public const string RaiseEvent = Instance + "/raiseEvent/{eventName}";

    /// <summary>Stops a job.</summary>
    public const string Terminate = Instance + "/terminate";

    /// <summary>Pauses a job.</summary>
    public const string Suspend = Instance + "/suspend";

    /// <summary>Resumes a suspended job.</summary>
    public const string Resume = Instance + "/resume";

    /// <summary>Re-runs the failed items of a failed job.</summary>
    public const string Rewind = Instance + "/rewind";

    /// <summary>Runs the same input again.</summary>
    public const string Restart = Instance + "/restart";

    /// <summary>A page of a job's items.</summary>
    public const string Items = "/api/instances/{instanceId}/items";

    /// <summary>One item in full.</summary>
    public const string Item = Items + "/{itemId}";

    /// <summary>A succeeded item's output.</summary>
    public const string ItemOutput = Item + "/output";

    /// <summary>Every output of a job as JSON lines.</summary>
    public const string Results = "/api/instances/{instanceId}/results";
}
