using Azure.Data.Tables;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Sends again the items rewinds reset (their segments' Rewind bits), until no rewind is left that it
/// has not seen: a rewind accepted while this runs marks more items, and its kick finds the job already
/// being dispatched, so only this loop can send them.
/// </summary>
public sealed class RewindRedispatcher(InstanceStore store, InputSource inputs, BatchDispatcher batches, ConcurrencyRetry retry, TimeProvider clock)
{
    public async Task<InstanceHeader> RunAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        using var span = OrchestratorTelemetry.StartFrom("re-dispatch rewound items", header.TraceParent);
        span?.SetTag("computeengine.instance_id", header.PartitionKey);
        while (true)
        {
            // Read before the targets: a rewind that commits later raises it in the same transaction as its bits.
            var seen = header.Rewinds;
            var wanted = await TargetsAsync(header, cancellationToken);
            if (wanted.Count > 0)
            {
                await SendAsync(header, wanted, cancellationToken);
            }

            var done = await store.UpdateAsync(header.PartitionKey, h =>
            {
                if (h.Rewinds != seen || h is not { RuntimeStatus: RuntimeStatus.Running, RewindPending: true })
                {
                    return Mutation.Skip(false);
                }

                h.RewindPending = false;
                JobLifecycle.TryFinish(h, clock.GetUtcNow());
                return Mutation.Write(true);
            }, cancellationToken);
            if (done is not { Result: false, Header: { RuntimeStatus: RuntimeStatus.Running, RewindPending: true } fresh })
            {
                return done?.Header ?? header;
            }

            header = fresh;
        }
    }

    private async Task SendAsync(InstanceHeader header, Dictionary<int, RewindTarget> wanted, CancellationToken cancellationToken)
    {
        var batch = 0;
        await foreach (var chunk in inputs.ReadAsync(header, cancellationToken).BatchesAsync(0, header.BatchSize, cancellationToken))
        {
            if (wanted.TryGetValue(batch, out var target))
            {
                await batches.ResetRowsAsync(header.PartitionKey, batch, target.Indexes, cancellationToken);

                // The generation as of now, not as of the targets' read: a rewind since then raised it, and
                // failures reported under an older one would be ignored.
                var segment = await ReadSegmentAsync(header, target.Segment, cancellationToken);
                await batches.DispatchAsync(header, batch, chunk, segment.Generation, cancellationToken);
                await ClearBitsAsync(header, segment, target.Indexes, cancellationToken);
            }

            batch++;
        }
    }

    private async Task<Dictionary<int, RewindTarget>> TargetsAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        var targets = new Dictionary<int, RewindTarget>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {header.PartitionKey} and RowKey gt {""}");
        await foreach (var segment in store.Table.QueryAsync<Segment>(filter, cancellationToken: cancellationToken))
        {
            var first = Segment.FirstIndex(segment.Number, header.BatchSize);
            foreach (var bit in Bits.Ones(segment.Rewind).Where(b => !Bits.Get(segment.Done, b)))
            {
                var index = first + bit;
                var batch = index / header.BatchSize;
                if (!targets.TryGetValue(batch, out var target))
                {
                    targets[batch] = target = new RewindTarget(segment.Number, []);
                }

                target.Indexes.Add(index);
            }
        }

        return targets;
    }

    private async Task<Segment> ReadSegmentAsync(InstanceHeader header, int number, CancellationToken cancellationToken) =>
        (await store.Table.GetEntityAsync<Segment>(header.PartitionKey, Segment.Row(number), cancellationToken: cancellationToken)).Value;

    private async Task ClearBitsAsync(InstanceHeader header, Segment segment, HashSet<int> indexes, CancellationToken cancellationToken)
    {
        var dispatchedGeneration = segment.Generation;
        Segment? current = segment;
        await retry.RunAsync(async ct =>
        {
            current ??= await ReadSegmentAsync(header, segment.Number, ct);
            if (current.Generation != dispatchedGeneration)
            {
                // A rewind since: the items went out under a generation whose failures no longer count. Their
                // bits stay, so the next round sends them again.
                return false;
            }

            foreach (var index in indexes)
            {
                Bits.Clear(current.Rewind, index - Segment.FirstIndex(current.Number, header.BatchSize));
            }

            // An item counted since its rewind (Done) needs no sending; its bit is left over from a rewind
            // that raced the re-dispatch.
            for (var i = 0; i < current.Rewind.Length; i++)
            {
                current.Rewind[i] &= (byte)~current.Done[i];
            }

            try
            {
                await store.Table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, ct);
                return true;
            }
            catch (Azure.RequestFailedException e) when (e.Status == 412)
            {
                current = null;
                throw new ConcurrencyConflictException($"A completion or a rewind changed segment {segment.Number} of job {header.PartitionKey} meanwhile.", e);
            }
        }, cancellationToken);
    }

    private sealed record RewindTarget(int Segment, HashSet<int> Indexes);
}
