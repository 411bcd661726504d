using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Puts one batch on the work queue: one message, with a claim-check blob first when the inputs are
/// too big for it. Item rows are the worker's to create, at its first claim, which keeps a 100-row
/// transaction per batch off storage. Safe to repeat after a crash: a copy of a message finds the rows
/// its first delivery created. For a rewind it also makes the chosen items' rows pending again.
/// </summary>
public sealed class BatchDispatcher(StorageClients storage, FanInSignal fanIn, TimeProvider clock)
{
    // Queue messages hold 64 KiB; bigger batches go by claim check.
    private const int MaxInlineMessageBytes = 48 * 1024;

    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);
    private readonly QueueClient _work = storage.Queue(StorageNames.WorkQueue);

    public async Task DispatchAsync(InstanceHeader header, int batch, IReadOnlyList<ItemInput> inputs, int generation, CancellationToken cancellationToken)
    {
        var firstIndex = batch * header.BatchSize;
        var inline = inputs.Select(i => i.BlobName is null ? i.Value.GetRawText() : null).ToList();
        var needsBatchBlob = inline.Any(json => json is { Length: > ItemRecord.MaxInputChars })
            || inline.Sum(json => json?.Length ?? 0) > MaxInlineMessageBytes;
        string? batchBlob = null;
        if (needsBatchBlob)
        {
            batchBlob = InputBlobNames.Batch(header.PartitionKey, batch);
            var array = "[" + string.Join(",", inline) + "]";
            await storage.Container(StorageNames.InputContainer).GetBlobClient(batchBlob)
                .UploadAsync(BinaryData.FromString(array), overwrite: true, cancellationToken);
        }

        var message = new WorkMessage(
            header.PartitionKey,
            batch,
            generation,
            header.Algorithm,
            firstIndex,
            inputs.Count,
            Inputs: batchBlob is null && inputs.All(i => i.BlobName is null) ? inputs.Select(i => i.Value).ToList() : null,
            InputsBlob: batchBlob,
            InputBlobs: inputs.All(i => i.BlobName is not null) ? inputs.Select(i => i.BlobName!).ToList() : null,
            // The fan-out's span: the worker's batch span becomes its child, in the job's trace.
            TraceParent: System.Diagnostics.Activity.Current?.Id ?? header.TraceParent,
            EnqueuedAt: clock.GetUtcNow());
        await _work.SendMessageAsync(JsonSerializer.Serialize(message, ContractsJsonContext.Default.WorkMessage), cancellationToken);
        fanIn.WorkInFlight();
    }

    /// <summary>Makes the given items of a batch pending again for a rewind, keeping their inputs.</summary>
    public async Task ResetRowsAsync(string instanceId, int batch, IReadOnlySet<int> indexes, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        await foreach (var row in _items.QueryAsync<ItemRecord>(r => r.PartitionKey == ItemKeys.Partition(instanceId, batch), cancellationToken: cancellationToken))
        {
            if (indexes.Contains(row.Index))
            {
                row.Status = ItemStatus.Pending;
                row.Attempts = 0;
                row.Error = null;
                row.Worker = null;
                row.StartedAt = null;
                row.FinishedAt = null;
                row.RunMilliseconds = null;
                row.EnqueuedAt = clock.GetUtcNow();
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ETag.All));
            }
        }

        if (actions.Count > 0)
        {
            await _items.SubmitTransactionAsync(actions, cancellationToken);
        }
    }
}
