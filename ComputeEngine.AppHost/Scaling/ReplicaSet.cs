using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Running;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>The worker replicas: started at once when more are wanted, stopped with SIGTERM (drained) when fewer.</summary>
internal sealed class ReplicaSet(AppModel model, Resources resources)
{
    // A surplus replica gets the worker's own drain time plus a little to exit before it is killed.
    private static readonly TimeSpan DrainGrace = AppModel.WorkerShutdownTimeout + TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly List<(int Index, ResourceProcess Replica)> _replicas = [];
    private readonly HashSet<int> _draining = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _replicas.Count;
            }
        }
    }

    public void ScaleTo(int desired)
    {
        lock (_lock)
        {
            while (_replicas.Count < desired)
            {
                // A draining worker-2 still reports under its name, so a new replica takes a name no one uses.
                var index = Enumerable.Range(1, int.MaxValue).First(i => !_draining.Contains(i) && _replicas.All(r => r.Index != i));
                _replicas.Add((index, resources.Start(model.WorkerReplica(index, Ports.Free()))));
            }

            while (_replicas.Count > desired)
            {
                var surplus = _replicas[^1];
                _replicas.RemoveAt(_replicas.Count - 1);
                _draining.Add(surplus.Index);
                _ = DrainAsync(surplus.Index, surplus.Replica);
            }
        }
    }

    private async Task DrainAsync(int index, ResourceProcess replica)
    {
        await resources.StopAsync(replica, DrainGrace);
        lock (_lock)
        {
            _draining.Remove(index);
        }
    }
}
