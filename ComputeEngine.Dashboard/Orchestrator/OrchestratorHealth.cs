namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>
/// Whether the orchestrator answered the last call, from every call the dashboard makes; pages show a
/// banner while it does not, which clears by itself at the next answer.
/// </summary>
public sealed class OrchestratorHealth(TimeProvider time, ILogger<OrchestratorHealth> logger)
{
    private readonly Lock _lock = new();

    public bool IsReachable { get; private set; } = true;

    public string? LastError { get; private set; }

    public DateTimeOffset? UnreachableSince { get; private set; }

    /// <summary>Raised when reachability changes.</summary>
    public event Action? Changed;

    public void ReportAnswered()
    {
        lock (_lock)
        {
            if (IsReachable)
            {
                return;
            }

            (IsReachable, LastError, UnreachableSince) = (true, null, null);
        }

        Log.OrchestratorReachable(logger);
        Changed?.Invoke();
    }

    public void ReportUnreachable(string error)
    {
        lock (_lock)
        {
            LastError = error;
            if (!IsReachable)
            {
                return;
            }

            (IsReachable, UnreachableSince) = (false, time.GetUtcNow());
        }

        Log.OrchestratorUnreachable(logger, error);
        Changed?.Invoke();
    }
}
