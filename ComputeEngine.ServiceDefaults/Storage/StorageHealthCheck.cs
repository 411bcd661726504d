using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// Whether one storage service answers: one cheap read of a named queue, container or table that every
/// service's identity may read (the dashboard's only reads). "Not found" is an answer: the read-only
/// dashboard may start before anything created them.
/// </summary>
/// <param name="probe">The read.</param>
public sealed class StorageHealthCheck(Func<CancellationToken, Task> probe) : IHealthCheck
{
    /// <summary>How long one check may take: a probe's answer must come well before Kubernetes' own timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads the output container's properties.</summary>
    /// <param name="storage">The clients.</param>
    /// <returns>The check.</returns>
    public static StorageHealthCheck Blobs(StorageClients storage) =>
        new(async token => await storage.Container(StorageNames.OutputContainer).ExistsAsync(token));

    /// <summary>Reads the work queue's properties.</summary>
    /// <param name="storage">The clients.</param>
    /// <returns>The check.</returns>
    public static StorageHealthCheck Queues(StorageClients storage) =>
        new(async token => await storage.Queue(StorageNames.WorkQueue).ExistsAsync(token));

    /// <summary>Reads at most one key of the Instances table.</summary>
    /// <param name="storage">The clients.</param>
    /// <returns>The check.</returns>
    public static StorageHealthCheck Tables(StorageClients storage) =>
        new(async token =>
        {
            var query = storage.Table(StorageNames.InstancesTable).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: token);
            await foreach (var page in query.AsPages())
            {
                break;
            }
        });

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await probe(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return HealthCheckResult.Healthy("Reachable; not created yet.");
        }
        // A timeout cancels the probe; the health check service reports that with the failure status itself.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Storage does not answer.", e);
        }
    }
}
