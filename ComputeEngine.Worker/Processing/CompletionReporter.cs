using System.Text.Json;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Tells the orchestrator which items of a batch are final. It reports all of them every time, not
/// just this pass's, so a report lost to a crash is made good by the next pass over the message.
/// </summary>
public sealed class CompletionReporter(StorageClients storage)
{
    // 100 errors must fit in one 64 KiB queue message.
    private const int MaxErrorChars = 300;
    private readonly QueueClient _completions = storage.Queue(StorageNames.CompletionQueue);

    public async Task ReportAsync(WorkMessage work, IEnumerable<ItemRecord> batch, CancellationToken cancellationToken)
    {
        var final = batch.Where(r => ItemStatus.IsFinal(r.Status)).OrderBy(r => r.Index).ToList();
        if (final.Count == 0)
        {
            return;
        }

        var completion = new CompletionMessage(
            work.InstanceId,
            work.Batch,
            work.Generation,
            [.. final.Where(r => r.Status == ItemStatus.Succeeded).Select(r => r.Index)],
            [.. final.Where(r => r.Status == ItemStatus.Failed).Select(r => new ItemFailure(r.Index, Truncate(r.Error ?? "failed"), r.Attempts))],
            // The batch's span, so the orchestrator's fan-in joins the job's trace under it.
            System.Diagnostics.Activity.Current?.Id ?? work.TraceParent);
        await _completions.SendMessageAsync(JsonSerializer.Serialize(completion, ContractsJsonContext.Default.CompletionMessage), cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
}
