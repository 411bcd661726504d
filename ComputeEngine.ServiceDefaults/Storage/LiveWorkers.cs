using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// The one reader of worker heartbeats: the orchestrator's gauges and running counts and the dashboard's
/// workers page all read the Workers table here, and call a replica live by <see cref="WorkerHeartbeat.IsLive"/>.
/// </summary>
public static class LiveWorkers
{
    /// <summary>The replicas live at <paramref name="now"/>.</summary>
    /// <param name="storage">The clients.</param>
    /// <param name="now">The time the heartbeats are judged at.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The live replicas' heartbeats.</returns>
    public static async Task<List<WorkerHeartbeat>> ReadAsync(StorageClients storage, DateTimeOffset now, CancellationToken cancellationToken) =>
        [.. (await ReadSinceAsync(storage, now - WorkerHeartbeat.FreshFor, cancellationToken)).Where(beat => beat.IsLive(now))];

    /// <summary>Every heartbeat written since <paramref name="since"/>, live or not; none before any worker created the table.</summary>
    /// <param name="storage">The clients.</param>
    /// <param name="since">The oldest heartbeat wanted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The heartbeats.</returns>
    public static async Task<List<WorkerHeartbeat>> ReadSinceAsync(StorageClients storage, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var heartbeats = new List<WorkerHeartbeat>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {WorkerHeartbeat.Partition} and LastHeartbeat ge {since}");
            await foreach (var beat in storage.Table(StorageNames.WorkersTable).QueryAsync<WorkerHeartbeat>(filter, cancellationToken: cancellationToken))
            {
                heartbeats.Add(beat);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No worker has started yet, and the reader (the dashboard) creates no tables.
        }

        return heartbeats;
    }
}
