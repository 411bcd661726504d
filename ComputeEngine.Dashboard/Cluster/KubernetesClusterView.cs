using k8s;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Cluster;

/// <summary>In a cluster: worker pods and nodes from the Kubernetes API (read-only; the chart grants list on pods and nodes).</summary>
public sealed class KubernetesClusterView(IKubernetes client, IOptions<KubernetesOptions> options) : IClusterView
{
    public async Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var space = settings.Namespace ?? "default";
        try
        {
            var pods = client.CoreV1.ListNamespacedPodAsync(space, labelSelector: settings.WorkerSelector, cancellationToken: cancellationToken);
            var nodes = client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
            return KubernetesMapping.ToSnapshot(space, (await pods).Items, (await nodes).Items);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new(ClusterMode.Kubernetes, KubernetesMapping.Describe(space), [], [], null, "The Kubernetes API did not answer: " + e.Message);
        }
    }
}
