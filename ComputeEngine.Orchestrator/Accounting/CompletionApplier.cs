using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Counts completions exactly once: the header's counts and the segments' bits change in one
/// entity-group transaction guarded by ETags, so a duplicate, a replay or a concurrent replica
/// can never count an item twice.
/// </summary>
public sealed class CompletionApplier(InstanceStore store, ConcurrencyRetry retry, TimeProvider clock, ILogger<CompletionApplier> logger)
{
    public async Task<ApplyOutcome> ApplyAsync(string instanceId, IReadOnlyList<CompletionMessage> completions, CancellationToken cancellationToken)
    {
        // One span for the group, under the first completion's worker span, linked to the others.
        var links = completions.Skip(1)
            .Select(c => ActivityContext.TryParse(c.TraceParent, null, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default).ToList();
        using var span = OrchestratorTelemetry.StartFrom("apply completions", completions[0].TraceParent, ActivityKind.Consumer, links);
        span?.SetTag("computeengine.instance_id", instanceId);
        span?.SetTag("computeengine.completions", completions.Count);
        return await retry.RunAsync(ct => ApplyOnceAsync(instanceId, completions, ct), cancellationToken);
    }

    private async ValueTask<ApplyOutcome> ApplyOnceAsync(string instanceId, IReadOnlyList<CompletionMessage> completions, CancellationToken cancellationToken)
    {
        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return ApplyOutcome.UnknownInstance;
        }

        var segments = await LoadSegmentsAsync(header, completions, cancellationToken);
        var counted = Count(header, segments, completions);
        if (counted.Succeeded + counted.Failed == 0)
        {
            return ApplyOutcome.NothingNew;
        }

        var now = clock.GetUtcNow();
        header.LastUpdatedTime = now;
        var finished = JobLifecycle.TryFinish(header, now);

        var actions = new List<TableTransactionAction>(segments.Count + 1)
        {
            new(TableTransactionActionType.UpdateReplace, header, header.ETag),
        };
        actions.AddRange(segments.Values.Select(s => s.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, s)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, s, s.ETag)));
        try
        {
            await store.Table.SubmitTransactionAsync(actions, cancellationToken);
            store.Written(header);
            OrchestratorTelemetry.ItemsCounted.Add(counted.Succeeded, new KeyValuePair<string, object?>("outcome", "succeeded"));
            OrchestratorTelemetry.ItemsCounted.Add(counted.Failed, new KeyValuePair<string, object?>("outcome", "failed"));
            if (finished)
            {
                OrchestratorTelemetry.JobsFinished.Add(1, new KeyValuePair<string, object?>("status", header.RuntimeStatus));
                Log.JobFinished(logger, instanceId, header.RuntimeStatus, header.Succeeded, header.Failed);
            }

            return ApplyOutcome.Applied;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            throw new ConcurrencyConflictException($"Job {instanceId} changed while its completions were counted; they are counted again from fresh state.", e);
        }
    }

    private static (int Succeeded, int Failed) Count(InstanceHeader header, Dictionary<int, Segment> segments, IReadOnlyList<CompletionMessage> completions)
    {
        var (succeeded, failed) = (0, 0);
        var newErrors = new List<ItemError>();
        foreach (var completion in completions)
        {
            var segment = segments[Segment.Of(completion.Batch)];
            if (!InBatch(header, completion))
            {
                continue;
            }

            // A success is final in every generation (a rewind resets only failed items); a failure
            // reported before the last rewind is stale and would uncount the item's new attempt.
            var failures = completion.Generation < segment.Generation ? [] : completion.Failed;

            foreach (var index in completion.Succeeded)
            {
                var bit = Segment.BitOf(index, header.BatchSize);
                if (!Bits.Get(segment.Done, bit))
                {
                    Bits.Set(segment.Done, bit);
                    header.Succeeded++;
                    succeeded++;
                }
            }

            foreach (var failure in failures)
            {
                var bit = Segment.BitOf(failure.Index, header.BatchSize);
                if (!Bits.Get(segment.Done, bit))
                {
                    Bits.Set(segment.Done, bit);
                    Bits.Set(segment.Failed, bit);
                    header.Failed++;
                    failed++;
                    newErrors.Add(new ItemError(failure.Index, failure.Error, failure.Attempts));
                }
            }
        }

        JobLifecycle.AddErrors(header, newErrors);
        return (succeeded, failed);
    }

    // A completion naming items outside its batch is malformed; counting it would corrupt another batch's bits.
    private static bool InBatch(InstanceHeader header, CompletionMessage completion)
    {
        var first = completion.Batch * header.BatchSize;
        var last = first + header.BatchSize;
        return completion.Succeeded.All(i => i >= first && i < last) && completion.Failed.All(f => f.Index >= first && f.Index < last);
    }

    private async Task<Dictionary<int, Segment>> LoadSegmentsAsync(
        InstanceHeader header, IReadOnlyList<CompletionMessage> completions, CancellationToken cancellationToken)
    {
        var numbers = completions.Select(c => Segment.Of(c.Batch)).Distinct().ToList();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {header.PartitionKey}") + " and (" +
            string.Join(" or ", numbers.Select(n => TableClient.CreateQueryFilter($"RowKey eq {Segment.Row(n)}"))) + ")";
        var segments = new Dictionary<int, Segment>();
        await foreach (var segment in store.Table.QueryAsync<Segment>(filter, cancellationToken: cancellationToken))
        {
            segments[segment.Number] = segment;
        }

        foreach (var number in numbers.Where(n => !segments.ContainsKey(n)))
        {
            segments[number] = Segment.Create(header.PartitionKey, number, header.BatchSize);
        }

        return segments;
    }
}

public enum ApplyOutcome
{
    Applied,
    NothingNew,
    UnknownInstance,
}
