using Azure;
using Azure.Storage.Queues;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>Reads the queue length the way KEDA's azure-queue scaler does.</summary>
internal sealed class QueueLengthReader(QueueClient queue, string strategy)
{
    // KEDA peeks at most 32 messages (the Queue service's limit) for visibleOnly and falls back to the approximate count.
    private const int PeekLimit = 32;

    public string QueueName => queue.Name;

    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (strategy == ScaleSettings.VisibleOnly)
            {
                var peeked = await queue.PeekMessagesAsync(PeekLimit, cancellationToken);
                if (peeked.Value.Length < PeekLimit)
                {
                    return peeked.Value.Length;
                }
            }

            // Approximate: includes messages being processed (invisible), i.e. KEDA's queueLengthStrategy "all".
            return await StorageClients.QueueLengthAsync(queue, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The orchestrator creates the queue on start-up; until then there is no work.
            return 0;
        }
    }
}
