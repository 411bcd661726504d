using System.Collections.Concurrent;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>
/// The worker's replicas as Aspire knows them (declared with <c>WithReplicas(max)</c> and <c>WithExplicitStart()</c>),
/// started and stopped through Aspire's own resource commands. Stop sends SIGTERM, so a replica drains.
/// </summary>
internal sealed class WorkerReplicas(
    ProjectResource worker, ResourceNotificationService notifications, ResourceCommandService commands, ILogger<WorkerReplicas> logger)
{
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _stopping = new(StringComparer.Ordinal);

    /// <summary>The replicas started and not yet gone, as the project's dashboard lists them.</summary>
    public IReadOnlyList<ReplicaStatus> Snapshot() =>
    [
        .. Active().Concat(_stopping.Keys).Order(StringComparer.Ordinal).Select(id =>
        {
            var snapshot = _snapshots.GetValueOrDefault(id);
            var pid = snapshot?.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
            return new ReplicaStatus(
                id,
                _stopping.ContainsKey(id) ? KnownResourceStates.Stopping : _states.GetValueOrDefault(id) ?? KnownResourceStates.Starting,
                pid is int number ? number : null,
                snapshot?.ExitCode);
        }),
    ];

    /// <summary>Replicas started and not being stopped: what KEDA would count as the deployment's replicas.</summary>
    public int Count => Active().Count();

    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        await foreach (var change in notifications.WatchAsync(cancellationToken))
        {
            if (change.Resource == worker)
            {
                _snapshots[change.ResourceId] = change.Snapshot;
                _states[change.ResourceId] = change.Snapshot.State?.Text;
            }
        }
    }

    public async Task ScaleToAsync(int desired, CancellationToken cancellationToken)
    {
        var active = Active().ToList();
        // Only running replicas are stopped: one still starting is caught by `dotnet run` before the service
        // can drain, and would be left running. The next poll stops it once it runs.
        var surplus = active.Where(id => _states.GetValueOrDefault(id) == KnownResourceStates.Running).Take(Math.Max(0, active.Count - desired));
        foreach (var id in surplus.ToList())
        {
            // Stopping waits for the replica to drain; the scaler goes on polling meanwhile.
            _stopping[id] = StopAsync(id);
        }

        var idle = _states.Where(replica => IsIdle(replica.Key, replica.Value)).Select(replica => replica.Key).Order(StringComparer.Ordinal);
        foreach (var id in idle.Take(desired - active.Count))
        {
            _states[id] = KnownResourceStates.Starting;
            await ExecuteAsync(id, KnownResourceCommands.StartCommand, cancellationToken);
        }
    }

    private IEnumerable<string> Active() => _states
        .Where(replica => !_stopping.ContainsKey(replica.Key) && !IsIdle(replica.Key, replica.Value))
        .Select(replica => replica.Key)
        .Order(StringComparer.Ordinal);

    private bool IsIdle(string id, string? state) =>
        !_stopping.ContainsKey(id) && (state is null || state == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(state));

    private async Task StopAsync(string id)
    {
        try
        {
            if (await ExecuteAsync(id, KnownResourceCommands.StopCommand, CancellationToken.None))
            {
                // The command returns before Aspire's notification of the exit: until it arrives the replica
                // would count as running again, and the next poll would stop a second one for the same surplus.
                _states[id] = KnownResourceStates.Exited;
            }
        }
        finally
        {
            _stopping.TryRemove(id, out _);
        }
    }

    private async Task<bool> ExecuteAsync(string id, string command, CancellationToken cancellationToken)
    {
        try
        {
            var result = await commands.ExecuteCommandAsync(id, command, cancellationToken);
            if (!result.Success)
            {
                Log.CommandFailed(logger, command, id, result.Message ?? "no reason given");
            }

            return result.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An exception escaping a hosted service would stop the whole AppHost.
            Log.CommandFailed(logger, command, id, e.Message);
            return false;
        }
    }
}

internal sealed record ReplicaStatus(string Id, string State, int? Pid, int? ExitCode);
