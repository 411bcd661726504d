using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Dashboard.Storage;

/// <summary>How a worker replica looks from its heartbeat.</summary>
public enum WorkerLiveness
{
    Running,
    Draining,
    Gone,
}

/// <summary>A worker replica's heartbeat and what the dashboard concludes from its age.</summary>
public sealed record WorkerView(WorkerHeartbeat Heartbeat, WorkerLiveness Liveness, TimeSpan Age)
{
    public string Name => Heartbeat.RowKey;

    public bool IsLive => Liveness != WorkerLiveness.Gone;

    /// <summary>A heartbeat older than <paramref name="timeout"/> (<see cref="WorkerHeartbeat.FreshFor"/> in the dashboard), or a Stopped one, means the replica is gone.</summary>
    public static WorkerView From(WorkerHeartbeat heartbeat, DateTimeOffset now, TimeSpan timeout)
    {
        var age = now - heartbeat.LastHeartbeat;
        var liveness = !heartbeat.IsLive(now, timeout) ? WorkerLiveness.Gone
            : heartbeat.State == WorkerState.Draining ? WorkerLiveness.Draining
            : WorkerLiveness.Running;
        return new(heartbeat, liveness, age < TimeSpan.Zero ? TimeSpan.Zero : age);
    }
}
