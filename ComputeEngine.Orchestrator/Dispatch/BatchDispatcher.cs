using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Puts one batch on the work queue: its item rows first (so a worker always finds them), then the
/// message. Both steps are safe to repeat after a crash; a repeated message is deduplicated by the rows.
/// </summary>
public sealed class BatchDispatcher(StorageClients storage, FanInSignal fanIn, TimeProvider clock)
{
    // Queue messages hold 64 KiB; bigger batches go by claim check.
    private const int MaxInlineMessageBytes = 48 * 1024;

    // Table string properties hold 32K characters; keep rows small and point at the batch blob instead.
    private const int MaxInputCharsInRow = 8 * 1024;

    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);
    private readonly QueueClient _work = storage.Queue(StorageNames.WorkQueue);

    public async Task DispatchAsync(InstanceHeader header, int batch, IReadOnlyList<ItemInput> inputs, int generation, CancellationToken cancellationToken)
    {
        var firstIndex = batch * header.BatchSize;
        var inline = inputs.Select(i => i.BlobName is null ? i.Value.GetRawText() : null).ToList();
        var needsBatchBlob = inline.Any(json => json is { Length: > MaxInputCharsInRow })
            || inline.Sum(json => json?.Length ?? 0) > MaxInlineMessageBytes;
        string? batchBlob = null;
        if (needsBatchBlob)
        {
            batchBlob = string.Create(CultureInfo.InvariantCulture, $"{InputSource.JobFolder(header.PartitionKey)}batches/{batch:D8}.json");
            var array = "[" + string.Join(",", inline) + "]";
            await storage.Container(StorageNames.InputContainer).GetBlobClient(batchBlob)
                .UploadAsync(BinaryData.FromString(array), overwrite: true, cancellationToken);
        }

        await AddRowsAsync(header.PartitionKey, batch, firstIndex, inputs, inline, batchBlob, cancellationToken);

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
            TraceParent: System.Diagnostics.Activity.Current?.Id ?? header.TraceParent);
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

    private async Task AddRowsAsync(
        string instanceId, int batch, int firstIndex, IReadOnlyList<ItemInput> inputs, List<string?> inline, string? batchBlob, CancellationToken cancellationToken)
    {
        var partition = ItemKeys.Partition(instanceId, batch);
        var now = clock.GetUtcNow();
        var actions = inputs.Select((input, i) => new TableTransactionAction(TableTransactionActionType.Add, new ItemRecord
        {
            PartitionKey = partition,
            RowKey = ItemKeys.Row(firstIndex + i),
            Input = inline[i] is { Length: <= MaxInputCharsInRow } json ? json : null,
            InputBatchBlob = inline[i] is { Length: > MaxInputCharsInRow } ? batchBlob : null,
            InputBlob = input.BlobName,
            EnqueuedAt = now,
        })).ToList();
        try
        {
            await _items.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // A previous run of this fan-out wrote the rows before it crashed; they may have progressed since.
        }
    }
}
