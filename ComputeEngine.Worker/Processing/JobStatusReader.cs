using System.Collections.Concurrent;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

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

    public const string Running = "Running";

    /// <summary>Whether the job is gone or being purged, read fresh: asked after creating rows, which a purge may have missed.</summary>
    public async Task<bool> IsPurgedAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus, InstanceColumns.PurgeStartedAt], cancellationToken);
        return !entity.HasValue || entity.Value!.ContainsKey(InstanceColumns.PurgeStartedAt) && entity.Value[InstanceColumns.PurgeStartedAt] is not null;
    }

    public async Task<string?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_running.TryGetValue(instanceId, out var until) && until > clock.GetUtcNow())
        {
            return Running;
        }

        var entity = await _instances.GetEntityIfExistsAsync<TableEntity>(
            instanceId, InstanceColumns.HeaderRowKey, [InstanceColumns.RuntimeStatus], cancellationToken);
        var status = entity.HasValue ? entity.Value!.GetString(InstanceColumns.RuntimeStatus) : null;
        if (status == Running)
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
