using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// Writes this replica's algorithms into the catalogue once as it starts, retrying until storage answers.
/// The replica reports ready only after that, so nothing waits on a worker whose algorithms the
/// orchestrator would still refuse.
/// </summary>
public sealed class AlgorithmAdvertiser(
    StorageClients storage,
    AlgorithmRegistry algorithms,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<AlgorithmAdvertiser> logger) : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private volatile bool _advertised;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_advertised ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The algorithm catalogue is not written yet."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var table = storage.Table(StorageNames.WorkersTable);
        var rows = algorithms.Names.Order(StringComparer.Ordinal)
            .Select(name => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new AlgorithmAdvert { RowKey = name, AdvertisedBy = options.Value.Name }))
            .ToList();
        while (!_advertised)
        {
            try
            {
                // Algorithms are few: one transaction of one partition writes them all.
                await table.SubmitTransactionAsync(rows, stoppingToken);
                _advertised = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.AdvertisingFailed(logger, e);
                await Task.Delay(RetryAfter, clock, stoppingToken);
            }
        }
    }
}
