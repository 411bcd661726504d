namespace ComputeEngine.Dashboard.Cluster;

/// <summary>No launcher to ask: replicas are known only from their heartbeats.</summary>
public sealed class StandaloneClusterView : IClusterView
{
    private static readonly ClusterSnapshot Snapshot = new(
        ClusterMode.Standalone, "standalone (no AppHost or Kubernetes found): workers from their heartbeats", [], [], null);

    public Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Snapshot);
}
