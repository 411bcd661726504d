namespace ComputeEngine.AppHost.Scaling;

/// <summary>The autoscaler's state between polls: replicas running and when the queue was last active.</summary>
internal sealed record ScalerState(int Replicas, DateTimeOffset? LastActive);

internal sealed record ScaleDecision(ScalerState Next, string Reason);

/// <summary>
/// KEDA's azure-queue rules as one pure function. KEDA itself only moves a deployment between 0 and 1
/// (activation, and scale-to-zero after cooldownPeriod); between 1 and max the HPA applies
/// ceil(queue length / queueLength). Locally the HPA's part scales down at once: there is no 5-minute
/// stabilization window, so a demo shows workers leaving as the queue drains.
/// </summary>
internal static class ScaleRule
{
    /// <summary>
    /// What the rule scales on with both of the chart's triggers: the HPA computes replicas per metric and takes
    /// the largest, and KEDA activates on any; both triggers have the same target per replica, so this is the max.
    /// </summary>
    public static long Demand(long queueLength, long? backlog) => Math.Max(queueLength, backlog ?? 0);

    public static ScaleDecision Next(ScaleSettings settings, ScalerState state, long queueLength, DateTimeOffset now)
    {
        var active = queueLength > settings.ActivationQueueLength;
        var lastActive = active ? now : state.LastActive;
        var perQueueLength = (int)Math.Min((queueLength + settings.QueueLength - 1) / settings.QueueLength, int.MaxValue);
        var byHpa = Math.Clamp(perQueueLength, Math.Max(settings.MinReplicaCount, 1), settings.MaxReplicaCount);
        var hpaReason = $"queue {queueLength} / {settings.QueueLength} per replica → {byHpa} (min {settings.MinReplicaCount}, max {settings.MaxReplicaCount})";

        ScaleDecision Decide(int replicas, string reason) => new(new(replicas, lastActive), reason);

        // With minReplicaCount > 0 KEDA never deactivates; the HPA alone decides.
        if (active || settings.MinReplicaCount > 0)
        {
            return Decide(byHpa, hpaReason);
        }

        if (state.Replicas == 0)
        {
            return Decide(0, $"queue {queueLength} ≤ activation {settings.ActivationQueueLength}: stays at zero");
        }

        var idle = lastActive is { } last ? now - last : TimeSpan.MaxValue;
        return idle >= settings.CooldownPeriod
            ? Decide(0, $"queue inactive for {Seconds(idle)} ≥ cooldown {Seconds(settings.CooldownPeriod)}: scale to zero")
            : Decide(byHpa, $"queue inactive for {Seconds(idle)} < cooldown {Seconds(settings.CooldownPeriod)}: {hpaReason}");
    }

    private static string Seconds(TimeSpan span) => span == TimeSpan.MaxValue ? "ever" : $"{span.TotalSeconds:0}s";
}
