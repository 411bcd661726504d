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
            case "Suspended" when message.DequeueCount >= options.Value.MaxDequeueCount / 2:
                // Each look raises the dequeue count; start the count afresh well before it means poison.
                // The fresh copy claims in this message's name, so rows a dead holder left running under
                // it are taken over rather than mistaken for a live holder's.
                Log.Requeued(logger, work.InstanceId, work.Batch, message.MessageId);
                return new Disposition.Requeue(
                    options.Value.SuspendedRecheck,
                    JsonSerializer.Serialize(work with { ClaimId = ClaimIdOf(work, message) }, ContractsJsonContext.Default.WorkMessage));
            case "Suspended":
                return new Disposition.Later(options.Value.SuspendedRecheck);
            case "Terminated" or "Completed" or "Failed":
                Log.SkippedFinishedJob(logger, work.InstanceId, work.Batch);
                return new Disposition.Delete();
        }

        // A batch's first delivery of the fan-out (not a rewind) has no rows yet: skip reading them, which
        // costs Azurite a scan of the whole Items table. Should they exist after all (a duplicate message),
        // creating them fails and the batch is claimed again from what is stored.
        var firstDelivery = message.DequeueCount == 1 && work.Generation == 0;
        var claim = await ClaimAsync(work, message, firstDelivery, cancellationToken);
        if (claim is ClaimOutcome.Conflict && firstDelivery)
        {
            claim = await ClaimAsync(work, message, firstDelivery: false, cancellationToken);
        }

        switch (claim)
        {
            case ClaimOutcome.HeldElsewhere:
                // A copy of a message whose holder is running the batch: the holder finishes and reports it.
                Log.CopyLeftToHolder(logger, work.InstanceId, work.Batch, message.MessageId);
                return new Disposition.Delete();
            case not ClaimOutcome.Claimed:
                // Another worker changed the rows between our read and write; look again shortly.
                return new Disposition.Later(TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 3000)));
        }

        var (batch, exhausted, claimed) = (ClaimOutcome.Claimed)claim;
        var released = false;
        if (claimed.Count > 0)
        {
            var outcomes = await RunAsync(work, claimed, releaseToken, cancellationToken);
            released = outcomes.Values.Any(o => o is ItemOutcome.Released);
            var blob = OutputWriter.NewBlobName(work.InstanceId, work.Batch, claimed[0].Index);
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

    /// <summary>Claims the batch's open items and gives up those past their budget, in one transaction.</summary>
    private async Task<ClaimOutcome> ClaimAsync(WorkMessage work, QueueMessage message, bool firstDelivery, CancellationToken cancellationToken)
    {
        var enqueuedAt = work.EnqueuedAt ?? message.InsertedOn;
        var batch = firstDelivery ? ItemRows.New(work, enqueuedAt) : await rows.LoadAsync(work, enqueuedAt, cancellationToken);
        var now = clock.GetUtcNow();
        var open = batch.Values.Where(r => !ItemStatus.IsFinal(r.Status)).OrderBy(r => r.Index).ToList();
        var claimId = ClaimIdOf(work, message);
        if (open.Any(r => Settle.HeldByAnother(r, claimId, now, options.Value.ItemTimeout, options.Value.VisibilityTimeout)))
        {
            return new ClaimOutcome.HeldElsewhere();
        }

        var overDequeued = message.DequeueCount > options.Value.MaxDequeueCount;
        var exhausted = open.Where(r => overDequeued || r.Attempts >= options.Value.MaxAttempts).ToList();
        var claimed = open.Except(exhausted).ToList();
        foreach (var row in exhausted)
        {
            Settle.GiveUp(row, now, overDequeued ? $"message received {message.DequeueCount} times" : null);
        }

        foreach (var row in claimed)
        {
            Settle.Claim(row, options.Value.Name, claimId, now);
        }

        if (!await rows.TryWriteAsync([.. exhausted, .. claimed], cancellationToken))
        {
            return new ClaimOutcome.Conflict();
        }

        foreach (var row in claimed.Where(r => r.EnqueuedAt is not null))
        {
            WorkerTelemetry.QueueWait.Record((now - row.EnqueuedAt!.Value).TotalMilliseconds);
        }

        return new ClaimOutcome.Claimed(batch, exhausted, claimed);
    }

    private static string ClaimIdOf(WorkMessage work, QueueMessage message) => work.ClaimId ?? message.MessageId;

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
