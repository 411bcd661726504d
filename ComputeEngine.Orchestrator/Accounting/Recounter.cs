using Azure.Data.Tables;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Counts a job's final item rows that no completion counted (a completion poisoned or deleted, or an
/// Event Grid-only fan-in, which never reports failures), by feeding them to the
/// <see cref="CompletionApplier"/> as completions: its bitmaps make this idempotent with the workers'
/// own reports and with another replica doing the same.
/// </summary>
public sealed class Recounter(InstanceStore store, StorageClients storage, CompletionApplier applier, ILogger<Recounter> logger)
{
    // The applier writes the header and every segment it touches in one transaction of at most 100 entities.
    private const int SegmentsPerApply = 50;

    private readonly TableClient _items = storage.Table(StorageNames.ItemsTable);

    public async Task<bool> RecountAsync(string instanceId, CancellationToken cancellationToken)
    {
        var header = await store.GetAsync(instanceId, cancellationToken);
        // Also while the fan-out runs: its window waits on these counts (see DispatchWindow).
        if (header is not { RuntimeStatus: RuntimeStatus.Running, RewindPending: false })
        {
            return false;
        }

        // Segments before rows: a rewind after this read raises the generation these completions carry, so the
        // failures read below turn stale instead of counting items it reset; one before it shows in the Rewind bits.
        var segments = await SegmentsAsync(instanceId, cancellationToken);
        var batches = new SortedDictionary<int, (List<int> Succeeded, List<ItemFailure> Failed)>();
        var select = new[] { "RowKey", nameof(ItemRecord.Status), nameof(ItemRecord.Error), nameof(ItemRecord.Attempts) };
        await foreach (var row in _items.QueryAsync<ItemRecord>(ItemKeys.JobFilter(instanceId), select: select, cancellationToken: cancellationToken))
        {
            if (!ItemStatus.IsFinal(row.Status) || Counted(segments, header.BatchSize, row.Index))
            {
                continue;
            }

            var batch = row.Index / header.BatchSize;
            if (!batches.TryGetValue(batch, out var found))
            {
                batches[batch] = found = ([], []);
            }

            if (row.Status == ItemStatus.Succeeded)
            {
                found.Succeeded.Add(row.Index);
            }
            else
            {
                found.Failed.Add(new ItemFailure(row.Index, row.Error ?? "failed", row.Attempts));
            }
        }

        if (batches.Count == 0)
        {
            return false;
        }

        var completions = batches.Select(b => new CompletionMessage(
            instanceId, b.Key, segments.GetValueOrDefault(Segment.Of(b.Key))?.Generation ?? 0, b.Value.Succeeded, b.Value.Failed, header.TraceParent));
        foreach (var group in completions.GroupBy(c => Segment.Of(c.Batch)).Chunk(SegmentsPerApply))
        {
            await applier.ApplyAsync(instanceId, [.. group.SelectMany(g => g)], cancellationToken);
        }

        Log.Recounted(logger, instanceId, batches.Values.Sum(b => b.Succeeded.Count), batches.Values.Sum(b => b.Failed.Count));
        return true;
    }

    // Counted already, or reset by a rewind whose re-dispatch has not sent it yet.
    private static bool Counted(Dictionary<int, Segment> segments, int batchSize, int index) =>
        segments.TryGetValue(Segment.Of(index / batchSize), out var segment)
        && (Bits.Get(segment.Done, Segment.BitOf(index, batchSize)) || Bits.Get(segment.Rewind, Segment.BitOf(index, batchSize)));

    private async Task<Dictionary<int, Segment>> SegmentsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var segments = new Dictionary<int, Segment>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey gt {""}");
        await foreach (var segment in store.Table.QueryAsync<Segment>(filter, cancellationToken: cancellationToken))
        {
            segments[segment.Number] = segment;
        }

        return segments;
    }
}
