using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// The algorithms a job may name: those workers wrote into the catalogue (<see cref="AlgorithmAdvert"/>),
/// plus <see cref="OrchestratorOptions.Algorithms"/> for a deployment whose new workers have not run yet.
/// An empty catalogue refuses nothing: before any worker has started, nothing is known to be missing.
/// </summary>
public sealed class AlgorithmCatalogue(StorageClients storage, TimeProvider clock, IOptions<OrchestratorOptions> options) : IDisposable
{
    // A name not found is looked up again at most this often, so a worker that just started is seen
    // quickly while a stream of bad names costs one query a second.
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (HashSet<string> Names, DateTimeOffset ReadAt)? _cached;

    /// <summary>Whether <paramref name="algorithm"/> may be run, and the known names to list when it may not.</summary>
    public async Task<(bool Known, IReadOnlyCollection<string> Names)> CheckAsync(string algorithm, CancellationToken cancellationToken)
    {
        var names = _cached?.Names;
        if (names is null || (!names.Contains(algorithm) && clock.GetUtcNow() - _cached!.Value.ReadAt >= MaxAge))
        {
            names = await ReadAsync(cancellationToken);
        }

        return (names.Count == 0 || names.Contains(algorithm), names);
    }

    public void Dispose() => _refresh.Dispose();

    private async Task<HashSet<string>> ReadAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } fresh && clock.GetUtcNow() - fresh.ReadAt < MaxAge)
            {
                return fresh.Names;
            }

            var names = new HashSet<string>(options.Value.Algorithms, StringComparer.Ordinal);
            try
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AlgorithmAdvert.Partition}");
                await foreach (var advert in storage.Table(StorageNames.WorkersTable).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
                {
                    names.Add(advert.RowKey);
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No worker has created the table yet.
            }

            _cached = (names, clock.GetUtcNow());
            return names;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
