namespace ComputeEngine.Contracts.Storage;

/// <summary>What a worker may read of a job header in the Instances table.</summary>
public static class InstanceColumns
{
    /// <summary>The row key of a job's header within its partition.</summary>
    public const string HeaderRowKey = "";

    /// <summary>The job's runtime status (Durable Functions names: Pending, Running, Suspended, Completed, Failed, Terminated).</summary>
    public const string RuntimeStatus = "RuntimeStatus";

    /// <summary>
    /// Set when a purge begins: from then on the job is gone to everyone but the purge, and a worker that
    /// created item rows checks for it afterwards and removes them again.
    /// </summary>
    public const string PurgeStartedAt = "PurgeStartedAt";
}
