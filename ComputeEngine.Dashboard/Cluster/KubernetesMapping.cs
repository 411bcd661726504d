using k8s.Models;

namespace ComputeEngine.Dashboard.Cluster;

/// <summary>Turns pods and nodes into replicas and machines.</summary>
public static class KubernetesMapping
{
    public static string Describe(string space) => $"running in Kubernetes (namespace {space})";

    public static ClusterSnapshot ToSnapshot(string space, IEnumerable<V1Pod> pods, IEnumerable<V1Node> nodes) => new(
        ClusterMode.Kubernetes,
        Describe(space),
        [.. pods.Select(ToReplica).OrderBy(r => r.Name, StringComparer.Ordinal)],
        [.. nodes.Select(ToNode).OrderBy(n => n.Name, StringComparer.Ordinal)],
        null);

    /// <summary>A pod is starting until it is Running and Ready, and stopping once it is being deleted.</summary>
    public static ReplicaInfo ToReplica(V1Pod pod)
    {
        var podPhase = pod.Status?.Phase ?? "Unknown";
        var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        var phase = pod.Metadata?.DeletionTimestamp is not null ? ReplicaPhase.Stopping
            : podPhase switch
            {
                "Pending" => ReplicaPhase.Starting,
                "Running" => ready ? ReplicaPhase.Running : ReplicaPhase.Starting,
                "Succeeded" or "Failed" => ReplicaPhase.Stopped,
                _ => ReplicaPhase.Starting,
            };
        var waiting = pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null);
        var state = phase == ReplicaPhase.Stopping ? "Terminating" : waiting ?? (podPhase == "Running" && !ready ? "NotReady" : podPhase);
        return new(
            pod.Metadata?.Name ?? "?",
            phase,
            state,
            pod.Spec?.NodeName is { } node ? "node " + node : "not scheduled",
            pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0,
            pod.Status?.StartTime is { } started ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)) : null);
    }

    public static NodeInfo ToNode(V1Node node)
    {
        var ready = node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        var detail = string.Join(" · ", new[]
        {
            labels.TryGetValue("kubernetes.azure.com/agentpool", out var pool) || labels.TryGetValue("agentpool", out pool) ? "pool " + pool : null,
            labels.TryGetValue("node.kubernetes.io/instance-type", out var size) ? size : null,
            node.Spec?.Unschedulable == true ? "cordoned" : null,
        }.OfType<string>());
        return new(node.Metadata?.Name ?? "?", ready, detail.Length == 0 ? null : detail);
    }
}
