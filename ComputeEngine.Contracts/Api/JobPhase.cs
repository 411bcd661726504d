namespace ComputeEngine.Contracts.Api;

/// <summary>
/// What a job's runtime status says about doing more of its work: the one reading of the status names that
/// the orchestrator's rules and the worker's skips share (<see cref="JobPhases.Of"/>).
/// </summary>
public enum JobPhase
{
    /// <summary>No header: purged (or never started). Nothing of it may stay.</summary>
    Gone,

    /// <summary>Accepted, not yet dispatching.</summary>
    Pending,

    /// <summary>Dispatching or waiting for its items: the only phase in which items start.</summary>
    Running,

    /// <summary>Paused: nothing more starts until it is resumed; running items finish.</summary>
    Suspended,

    /// <summary>Stopped on request: final; items not started are skipped and running ones cancelled.</summary>
    Terminated,

    /// <summary>Completed or Failed: final; every item is counted (a rewind may run a failed job again).</summary>
    Finished,
}

/// <summary>Reads a <see cref="JobPhase"/> off a runtime status.</summary>
public static class JobPhases
{
    /// <summary>The phase of a job whose header holds <paramref name="runtimeStatus"/>.</summary>
    /// <param name="runtimeStatus">One of <see cref="RuntimeStatus"/>; null when the job has no header.</param>
    /// <returns>The phase; a status this version does not know reads as Running, so its work is not dropped.</returns>
    public static JobPhase Of(string? runtimeStatus) => runtimeStatus switch
    {
        null => JobPhase.Gone,
        RuntimeStatus.Pending => JobPhase.Pending,
        RuntimeStatus.Suspended => JobPhase.Suspended,
        RuntimeStatus.Terminated => JobPhase.Terminated,
        RuntimeStatus.Completed or RuntimeStatus.Failed => JobPhase.Finished,
        _ => JobPhase.Running,
    };

    /// <summary>Whether the job will not change again (until a rewind or restart): Terminated or Finished.</summary>
    /// <param name="phase">The phase.</param>
    /// <returns>True when final.</returns>
    public static bool IsFinal(this JobPhase phase) => phase is JobPhase.Terminated or JobPhase.Finished;
}
