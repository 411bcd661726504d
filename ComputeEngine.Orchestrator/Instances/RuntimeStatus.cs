namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Durable Functions' runtime status names.</summary>
public static class RuntimeStatus
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Suspended = "Suspended";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Terminated = "Terminated";

    public static IReadOnlyList<string> All { get; } = [Pending, Running, Suspended, Completed, Failed, Terminated];

    public static bool IsFinal(string status) => status is Completed or Failed or Terminated;

    public static string? Normalize(string value) =>
        All.FirstOrDefault(s => string.Equals(s, value.Trim(), StringComparison.OrdinalIgnoreCase));
}
