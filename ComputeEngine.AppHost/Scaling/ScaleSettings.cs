namespace ComputeEngine.AppHost.Scaling;

/// <summary>The KEDA ScaledObject's numbers for the worker (azure-queue trigger).</summary>
internal sealed record ScaleSettings(
    TimeSpan PollingInterval,
    TimeSpan CooldownPeriod,
    int MinReplicaCount,
    int MaxReplicaCount,
    int QueueLength,
    int ActivationQueueLength,
    string QueueLengthStrategy)
{
    public const string AllMessages = "all";
    public const string VisibleOnly = "visibleonly";

    public ScaleSettings WithLocalOverrides(AppHostOptions options) => this with
    {
        PollingInterval = options.PollingInterval is { } polling ? TimeSpan.FromSeconds(polling) : PollingInterval,
        CooldownPeriod = options.CooldownPeriod is { } cooldown ? TimeSpan.FromSeconds(cooldown) : CooldownPeriod,
        MaxReplicaCount = Math.Min(MaxReplicaCount, options.MaxReplicas),
        MinReplicaCount = Math.Min(MinReplicaCount, options.MaxReplicas),
    };
}
