using Azure;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Tells the orchestrator which items of a batch are final. It reports all of them every time, not
/// just this pass's, so a report lost to a crash is made good by the next pass over the message.
/// </summary>
public sealed class CompletionReporter(StorageClients storage, ILogger<CompletionReporter> logger)
{
    // StorageClients sends plain UTF-8 today, but a QueueClient does not say how it encodes: sized as if
    // base64 (4/3 of the text), a report fits whichever encoding the clients are built with.
    private const QueueMessageEncoding SizedAs = QueueMessageEncoding.Base64;
    private readonly QueueClient _completions = storage.Queue(StorageNames.CompletionQueue);

    public async Task ReportAsync(WorkMessage work, IEnumerable<ItemRecord> batch, CancellationToken cancellationToken)
    {
        var final = batch.Where(r => ItemStatus.IsFinal(r.Status)).OrderBy(r => r.Index).ToList();
        if (final.Count == 0)
        {
            return;
        }

        var report = new CompletionMessage(
            work.InstanceId,
            work.Batch,
            work.Generation,
            [.. final.Where(r => r.Status == ItemStatus.Succeeded).Select(r => r.Index)],
            [.. final.Where(r => r.Status == ItemStatus.Failed).Select(r => new ItemFailure(r.Index, CompletionSplitter.BoundError(r.Error ?? "failed"), r.Attempts))],
            // The batch's span, so the orchestrator's fan-in joins the job's trace under it.
            System.Diagnostics.Activity.Current?.Id ?? work.TraceParent);
        try
        {
            foreach (var body in CompletionSplitter.Split(report, _completions.MessageMaxBytes, SizedAs))
            {
                await _completions.SendMessageAsync(body, cancellationToken);
            }
        }
        catch (Exception e) when (e is CompletionTooLargeException or RequestFailedException { Status: 413 or 400, ErrorCode: "RequestBodyTooLarge" or "MessageTooLarge" })
        {
            // Retrying cannot help: say so loudly, and let the message fail rather than loop unseen.
            Log.CompletionTooLarge(logger, work.InstanceId, work.Batch, e);
            throw;
        }
    }
}
