namespace ComputeEngine.Dashboard.Cluster;

/// <summary>The AppHost's <c>GET /status</c>.</summary>
public sealed record AppHostStatus(IReadOnlyList<AppHostResource> Resources, AppHostScaler? Scaler);

public sealed record AppHostResource(string Name, string State, string? Url, int? Pid, int Restarts, int? LastExitCode);

public sealed record AppHostScaler(
    string Queue, AppHostScaleSettings? Settings, long? QueueLength, int Replicas, DateTimeOffset? LastPoll, IReadOnlyList<ScaleDecision>? Decisions);

public sealed record AppHostScaleSettings(
    TimeSpan PollingInterval, TimeSpan CooldownPeriod, int MinReplicaCount, int MaxReplicaCount, int QueueLength, int ActivationQueueLength, string? QueueLengthStrategy);
