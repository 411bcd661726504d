using Azure;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Dashboard.Storage;

/// <summary>Approximate lengths of the work queue (what the autoscaler scales on) and its poison queue.</summary>
public sealed class QueueMetrics(StorageClients storage)
{
    public async Task<QueueLengths> ReadAsync(CancellationToken cancellationToken)
    {
        var work = LengthAsync(StorageNames.WorkQueue, cancellationToken);
        var poison = LengthAsync(StorageNames.WorkPoisonQueue, cancellationToken);
        return new(await work, await poison);
    }

    private async Task<long> LengthAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await storage.Queue(queue).GetPropertiesAsync(cancellationToken);
            return properties.Value.ApproximateMessagesCountLong;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Created by the orchestrator and workers, not by the read-only dashboard.
            return 0;
        }
    }
}

public sealed record QueueLengths(long Work, long Poison);
