namespace ComputeEngine.Dashboard.Cluster;

/// <summary>What the dashboard reads in a cluster, bound from the <c>Kubernetes</c> section.</summary>
public sealed class KubernetesOptions
{
    public const string Section = "Kubernetes";

    /// <summary>The namespace of the worker pods; defaults to the dashboard's own (<c>POD_NAMESPACE</c>).</summary>
    public string? Namespace { get; set; }

    /// <summary>The Helm chart's labels of worker pods (add <c>app.kubernetes.io/instance=RELEASE</c> to tell releases apart).</summary>
    public string WorkerSelector { get; set; } = "app.kubernetes.io/name=computeengine,app.kubernetes.io/component=worker";
}
