using Azure.Data.Tables;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Rewinds a Failed job: its failed items are uncounted and marked for re-dispatch in the same
/// transactions that reopen the job, and the segments' generation rises so late completions of the
/// old attempts are ignored.
/// </summary>
public sealed class Rewinder(InstanceStore store, ConcurrencyRetry retry, TimeProvider clock)
{
    private const int SegmentsPerTransaction = 99;

    public Task<RewindOutcome> RewindAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        retry.RunAsync(ct => RewindOnceAsync(instanceId, reason, ct), cancellationToken).AsTask();

    private async ValueTask<RewindOutcome> RewindOnceAsync(string instanceId, string? reason, CancellationToken cancellationToken)
    {
        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return RewindOutcome.NotFound;
        }

        if (header.RuntimeStatus != RuntimeStatus.Failed && !(header.RuntimeStatus == RuntimeStatus.Running && header.RewindPending))
        {
            return RewindOutcome.NotFailed;
        }

        var failed = new List<Segment>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey gt {""}");
        await foreach (var segment in store.Table.QueryAsync<Segment>(filter, cancellationToken: cancellationToken))
        {
            if (segment.Failed.Any(b => b != 0))
            {
                failed.Add(segment);
            }
        }

        try
        {
            foreach (var chunk in failed.Chunk(SegmentsPerTransaction).DefaultIfEmpty([]))
            {
                header = await SubmitAsync(header, chunk, reason, cancellationToken);
            }

            return RewindOutcome.Rewound;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412)
        {
            // The chunks already applied stay consistent; the rest is decided again on fresh state.
            throw new ConcurrencyConflictException($"Job {instanceId} changed while it was rewound (a completion or another request).", e);
        }
    }

    private async Task<InstanceHeader> SubmitAsync(InstanceHeader header, Segment[] segments, string? reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (header.RuntimeStatus == RuntimeStatus.Failed)
        {
            header.RuntimeStatus = RuntimeStatus.Running;
            header.Output = null;
            header.Errors = null;
            JobLifecycle.AddHistory(header, new HistoryEvent("ExecutionRewound", now, header.Name, reason));
        }

        header.RewindPending = true;
        header.Rewinds++;
        header.LastUpdatedTime = now;
        foreach (var segment in segments)
        {
            for (var i = 0; i < segment.Failed.Length; i++)
            {
                header.Failed -= System.Numerics.BitOperations.PopCount(segment.Failed[i]);
                segment.Rewind[i] |= segment.Failed[i];
                segment.Done[i] &= (byte)~segment.Failed[i];
                segment.Failed[i] = 0;
            }

            // The new generation voids failures reported under the old one, including those of items still out
            // (sent by a re-dispatch this rewind interrupts): they must go out again, or nothing would count them.
            var first = Segment.FirstIndex(segment.Number, header.BatchSize);
            for (var bit = 0; bit < segment.Done.Length * 8 && first + bit < header.Total; bit++)
            {
                if (!Bits.Get(segment.Done, bit))
                {
                    Bits.Set(segment.Rewind, bit);
                }
            }

            segment.Generation++;
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, header, header.ETag) };
        actions.AddRange(segments.Select(s => new TableTransactionAction(TableTransactionActionType.UpdateReplace, s, s.ETag)));
        var response = await store.Table.SubmitTransactionAsync(actions, cancellationToken);
        header.ETag = response.Value[0].Headers.ETag ?? header.ETag;
        store.Written(header);
        return header;
    }
}

public enum RewindOutcome
{
    Rewound,
    NotFound,
    NotFailed,
}
