namespace ComputeEngine.Dashboard.Cluster;

/// <summary>Where the dashboard runs and what it can see of worker replicas and machines there.</summary>
public enum ClusterMode
{
    /// <summary>Neither in Kubernetes nor under the AppHost: only heartbeats show workers.</summary>
    Standalone,

    /// <summary>Run by ComputeEngine.AppHost on one machine.</summary>
    Local,

    /// <summary>In a Kubernetes cluster.</summary>
    Kubernetes,
}

/// <summary>What the cluster (or the AppHost) says about worker replicas, machines and scaling.</summary>
public sealed record ClusterSnapshot(
    ClusterMode Mode,
    string Description,
    IReadOnlyList<ReplicaInfo> Replicas,
    IReadOnlyList<NodeInfo> Nodes,
    ScalerInfo? Scaler,
    string? Error = null)
{
    public int Starting => Replicas.Count(r => r.Phase == ReplicaPhase.Starting);

    public int ReadyNodes => Nodes.Count(n => n.Ready);
}

public enum ReplicaPhase
{
    Starting,
    Running,
    Stopping,
    Stopped,
}

/// <summary>A worker replica as its launcher sees it: a pod, or an AppHost child process.</summary>
public sealed record ReplicaInfo(string Name, ReplicaPhase Phase, string State, string? Detail, int Restarts, DateTimeOffset? StartedAt);

/// <summary>A machine: a Kubernetes node, or this computer.</summary>
public sealed record NodeInfo(string Name, bool Ready, string? Detail);

/// <summary>The autoscaler's settings, last reading and decisions.</summary>
public sealed record ScalerInfo(string Settings, long? QueueLength, int Replicas, DateTimeOffset? LastPoll, IReadOnlyList<ScaleDecision> Decisions);

public sealed record ScaleDecision(DateTimeOffset Time, long QueueLength, int From, int To, string Reason);
