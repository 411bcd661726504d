using System.Text.Json;
using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Handles one work message: claims the batch's open items, runs them, writes their outputs, settles
/// their rows and reports every final item. Safe to run any number of times for the same message.
/// </summary>
public sealed class BatchProcessor(
    JobStatusReader jobs,
    ItemRows rows,
    InputResolver inputs,
    ItemRunner runner,
    OutputWriter outputs,
    CompletionReporter reporter,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    ILogger<BatchProcessor> logger)
{
    private static readonly TimeSpan SuspendedRecheck = TimeSpan.FromSeconds(10);

    public async Task<Disposition> ProcessAsync(QueueMessage message, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        if (WorkMessageParser.Parse(message.Body) is not { } work)
        {
            return new Disposition.Poison("not a valid work message", null);
        }

        using var span = WorkerTelemetry.StartFrom("process batch", work.TraceParent);
        span?.SetTag("computeengine.instance_id", work.InstanceId);
        span?.SetTag("computeengine.batch", work.Batch);
        span?.SetTag("computeengine.items", work.Count);
        span?.SetTag("messaging.message.dequeue_count", message.DequeueCount);

        switch (await jobs.GetAsync(work.InstanceId, cancellationToken))
        {
            case null:
                return new Disposition.Poison($"unknown job '{work.InstanceId}'", work.InstanceId);
            case "Suspended":
                return new Disposition.Later(SuspendedRecheck);
            case "Terminated" or "Completed" or "Failed":
                Log.SkippedFinishedJob(logger, work.InstanceId, work.Batch);
                return new Disposition.Delete();
        }

        // A batch's first delivery of the fan-out (not a rewind) has no rows yet: skip reading them, which
        // costs Azurite a scan of the whole Items table. Should they exist after all (a duplicate message),
        // creating them fails and the batch is claimed again from what is stored.
        var firstDelivery = message.DequeueCount == 1 && work.Generation == 0;
        var claim = await ClaimAsync(work, message, firstDelivery, cancellationToken);
        if (claim is null && firstDelivery)
        {
            claim = await ClaimAsync(work, message, firstDelivery: false, cancellationToken);
        }

        if (claim is null)
        {
            // Another worker holds this batch (a duplicate message); let it finish and look again later.
            return new Disposition.Later(TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 3000)));
        }

        var (batch, exhausted, claimed) = claim.Value;
        var released = false;
        if (claimed.Count > 0)
        {
            var outcomes = await RunAsync(work, claimed, releaseToken, cancellationToken);
            released = outcomes.Values.Any(o => o is ItemOutcome.Released);
            var blob = OutputWriter.BlobName(work.InstanceId, work.Batch, claimed[0].Index, claimed[0].Attempts);
            var locations = await outputs.WriteAsync(
                blob,
                [.. outcomes.Where(o => o.Value is ItemOutcome.Success).Select(o => (o.Key, ((ItemOutcome.Success)o.Value).Output))],
                cancellationToken);
            var finishedAt = clock.GetUtcNow();
            foreach (var row in claimed)
            {
                Settle.Apply(row, outcomes[row.Index], locations.GetValueOrDefault(row.Index), finishedAt, options.Value.MaxAttempts);
            }

            if (!await rows.TryWriteAsync(claimed, cancellationToken))
            {
                return new Disposition.Later(TimeSpan.FromSeconds(1));
            }
        }

        await reporter.ReportAsync(work, batch.Values, cancellationToken);
        var retrying = batch.Values.Where(r => r.Status == ItemStatus.Pending).ToList();
        if (released)
        {
            return new Disposition.Later(TimeSpan.Zero);
        }

        if (retrying.Count > 0)
        {
            return new Disposition.Later(RetryDelay.After(retrying.Max(r => r.Attempts), options.Value.RetryBaseDelay, options.Value.RetryMaxDelay));
        }

        return exhausted.Count > 0 || claimed.Any(r => r.Status == ItemStatus.Failed && r.Attempts >= options.Value.MaxAttempts)
            ? new Disposition.Poison($"items of batch {work.Batch} failed after their attempt budget", work.InstanceId)
            : new Disposition.Delete();
    }

    /// <summary>Claims the batch's open items and gives up those past their budget, in one transaction; null when another worker got there first.</summary>
    private async Task<(Dictionary<int, ItemRecord> Batch, List<ItemRecord> Exhausted, List<ItemRecord> Claimed)?> ClaimAsync(
        WorkMessage work, QueueMessage message, bool firstDelivery, CancellationToken cancellationToken)
    {
        var enqueuedAt = work.EnqueuedAt ?? message.InsertedOn;
        var batch = firstDelivery ? ItemRows.New(work, enqueuedAt) : await rows.LoadAsync(work, enqueuedAt, cancellationToken);
        var open = batch.Values.Where(r => !ItemStatus.IsFinal(r.Status)).OrderBy(r => r.Index).ToList();
        var now = clock.GetUtcNow();
        var overDequeued = message.DequeueCount > options.Value.MaxDequeueCount;
        var exhausted = open.Where(r => overDequeued || r.Attempts >= options.Value.MaxAttempts).ToList();
        var claimed = open.Except(exhausted).ToList();
        foreach (var row in exhausted)
        {
            Settle.GiveUp(row, now, overDequeued ? $"message received {message.DequeueCount} times" : null);
        }

        foreach (var row in claimed)
        {
            Settle.Claim(row, options.Value.Name, now);
            if (row.EnqueuedAt is { } enqueued)
            {
                WorkerTelemetry.QueueWait.Record((now - enqueued).TotalMilliseconds);
            }
        }

        return await rows.TryWriteAsync([.. exhausted, .. claimed], cancellationToken) ? (batch, exhausted, claimed) : null;
    }

    private async Task<Dictionary<int, ItemOutcome>> RunAsync(
        WorkMessage work, List<ItemRecord> claimed, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var resolved = await inputs.ResolveAsync(work, claimed.Select(r => r.Index), cancellationToken);
        var runs = claimed.Select(async row =>
        {
            var (input, error) = resolved[row.Index];
            ItemOutcome outcome = input is { } value
                ? await runner.RunAsync(work.InstanceId, row.Index, work.Algorithm, value, row.Attempts >= options.Value.MaxAttempts, releaseToken)
                : new ItemOutcome.Failure(error!, Permanent: true) { RunMilliseconds = 0 };
            return (row.Index, outcome);
        });
        return (await Task.WhenAll(runs)).ToDictionary(r => r.Index, r => r.outcome);
    }
}
