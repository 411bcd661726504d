namespace ComputeEngine.Contracts.Api;

/// <summary>Durable Functions' runtime status names, as the API reports and filters them.</summary>
public static class RuntimeStatus
{
    /// <summary>Accepted; its inputs not yet all dispatched.</summary>
    public const string Pending = "Pending";

    /// <summary>Dispatching or waiting for its items.</summary>
    public const string Running = "Running";

    /// <summary>Paused: nothing more is dispatched or started until it is resumed.</summary>
    public const string Suspended = "Suspended";

    /// <summary>Every item succeeded.</summary>
    public const string Completed = "Completed";

    /// <summary>Every item ended and at least one failed.</summary>
    public const string Failed = "Failed";

    /// <summary>Stopped on request.</summary>
    public const string Terminated = "Terminated";

    /// <summary>Every status, in the order a user reads them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Running, Suspended, Completed, Failed, Terminated];

    /// <summary>The statuses of a job that is not finished.</summary>
    public static IReadOnlyList<string> Active { get; } = [Pending, Running, Suspended];

    /// <summary>Whether <paramref name="status"/> is final: Completed, Failed or Terminated.</summary>
    /// <param name="status">A runtime status.</param>
    /// <returns>True when the job will not change again (until a rewind or restart).</returns>
    public static bool IsFinal(string? status) => status is not null && JobPhases.Of(status).IsFinal();

    /// <summary>The status named by <paramref name="value"/> in any case, or null when it names none.</summary>
    /// <param name="value">A status name as a client wrote it.</param>
    /// <returns>The status's own spelling, or null.</returns>
    public static string? Normalize(string value) =>
        All.FirstOrDefault(s => string.Equals(s, value.Trim(), StringComparison.OrdinalIgnoreCase));
}
