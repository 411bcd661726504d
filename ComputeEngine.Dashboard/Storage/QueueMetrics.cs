using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Dashboard.Storage;

/// <summary>Approximate lengths of the work queue (what the autoscaler scales on) and its poison queue.</summary>
public sealed class QueueMetrics(StorageClients storage)
{
    public async Task<QueueLengths> ReadAsync(CancellationToken cancellationToken)
    {
        var work = storage.QueueLengthAsync(StorageNames.WorkQueue, cancellationToken);
        var poison = storage.QueueLengthAsync(StorageNames.WorkPoisonQueue, cancellationToken);
        return new(await work, await poison);
    }
}

public sealed record QueueLengths(long Work, long Poison);
