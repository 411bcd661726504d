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
    /// cache: a purge or a terminate may have come in since the status was last read. A job being purged is Gone.
    /// </summary>
    public async Task<JobPhase> ReadAfterCreatingRowsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus, InstanceColumns.PurgeStartedAt], cancellationToken);
        if (!entity.HasValue || entity.Value!.ContainsKey(InstanceColumns.PurgeStartedAt) && entity.Value[InstanceColumns.PurgeStartedAt] is not null)
        {
            _running.TryRemove(instanceId, out _);
            return JobPhase.Gone;
        }

        var phase = JobPhases.Of(entity.Value.GetString(InstanceColumns.RuntimeStatus));
        if (phase != JobPhase.Running)
        {
            _running.TryRemove(instanceId, out _);
        }

        return phase;
    }

    /// <summary>The job's phase; Running is cached for two seconds, anything else is read fresh.</summary>
    public async Task<JobPhase> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(instanceId, out var until) && until > clock.GetUtcNow())
        {
            return JobPhase.Running;
        }

        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus], cancellationToken);
        var phase = JobPhases.Of(entity.HasValue ? entity.Value!.GetString(InstanceColumns.RuntimeStatus) : null);
        if (phase == JobPhase.Running)
        {
            _running[instanceId] = clock.GetUtcNow() + CacheFor;
        }
        else
        {
            _running.TryRemove(instanceId, out _);
        }

        return phase;
    }
}
