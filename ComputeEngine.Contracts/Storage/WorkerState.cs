namespace ComputeEngine.Contracts.Storage;

/// <summary>What a worker's heartbeat says it is doing (the <c>State</c> column of its row in the Workers table).</summary>
public static class WorkerState
{
    /// <summary>Taking and running work.</summary>
    public const string Running = "Running";

    /// <summary>Shutting down: finishing or releasing what it holds, taking nothing new.</summary>
    public const string Draining = "Draining";

    /// <summary>Gone: its last beat, written on the way out.</summary>
    public const string Stopped = "Stopped";
}
