namespace ComputeEngine.Dashboard.Cluster;

/// <summary>Reads worker replicas and machines from whatever runs them (Kubernetes, the AppHost).</summary>
public interface IClusterView
{
    Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken);
}
