using System.Collections.Concurrent;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Api;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Reads a job's runtime status. Only "Running" is cached, briefly: anything that would make the worker
/// skip a message is read fresh, so a rewound or resumed job is never dropped on a stale answer.
/// </summary>
public sealed class JobStatusReader(StorageClients storage, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private readonly TableClient _instances = storage.Table(StorageNames.InstancesTable);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _running = new();

    /// <summary>
    /// Whether the job still wants a batch whose rows were just created, read fresh rather than from the
    /// cache: a purge or a terminate may have come in since the status was last read.
    /// </summary>
    public async Task<JobState> ReadAfterCreatingRowsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus, InstanceColumns.PurgeStartedAt], cancellationToken);
        if (!entity.HasValue || entity.Value!.ContainsKey(InstanceColumns.PurgeStartedAt) && entity.Value[InstanceColumns.PurgeStartedAt] is not null)
        {
            return JobState.Purged;
        }

        if (entity.Value.GetString(InstanceColumns.RuntimeStatus) == RuntimeStatus.Running)
        {
            return JobState.Live;
        }

        _running.TryRemove(instanceId, out _);
        return entity.Value.GetString(InstanceColumns.RuntimeStatus) == RuntimeStatus.Terminated ? JobState.Terminated : JobState.Live;
    }

    public async Task<string?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(instanceId, out var until) && until > clock.GetUtcNow())
        {
            return RuntimeStatus.Running;
        }

        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus], cancellationToken);
        var status = entity.HasValue ? entity.Value!.GetString(InstanceColumns.RuntimeStatus) : null;
        if (status == RuntimeStatus.Running)
        {
            _running[instanceId] = clock.GetUtcNow() + CacheFor;
        }
        else
        {
            _running.TryRemove(instanceId, out _);
        }

        return status;
    }
}

/// <summary>What a fresh look at a job says about running more of it.</summary>
public enum JobState
{
    Live,

    /// <summary>Terminated: items not yet started are skipped.</summary>
    Terminated,

    /// <summary>Gone or being purged: nothing of it may stay.</summary>
    Purged,
}
