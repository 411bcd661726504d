using System.Text.Json;
using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Api;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Handles one work message: claims the batch's open items, runs them (in waves, see <see cref="BatchPass"/>),
/// reports every final item and decides what becomes of the message. Safe to run any number of times for the same message.
/// </summary>
public sealed class BatchProcessor(
    JobStatusReader jobs,
    BatchClaimer claimer,
    BatchPass pass,
    ClaimBudget budget,
    CompletionReporter reporter,
    IOptions<WorkerOptions> options,
    ILogger<BatchProcessor> logger)
{
    public async Task<Disposition> ProcessAsync(QueueMessage message, ClaimBudget.Arrival arrival, CancellationToken releaseToken, CancellationToken cancellationToken)
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

        if (await SkipAsync(work, message, cancellationToken) is { } skipped)
        {
            return skipped;
        }

        if (await ClaimAsync(work, message, arrival, releaseToken, cancellationToken) is not { } claim)
        {
            return new Disposition.Later(TimeSpan.Zero);
        }

        return claim is ClaimOutcome.Claimed claimed
            ? await RunAsync(work, message, claimed, releaseToken, cancellationToken)
            : Unclaimed(work, message, claim);
    }

    /// <summary>What becomes of a message whose job takes no work now (by its <see cref="JobPhase"/>); null to go on.</summary>
    private async Task<Disposition?> SkipAsync(WorkMessage work, QueueMessage message, CancellationToken cancellationToken)
    {
        switch (await jobs.GetAsync(work.InstanceId, cancellationToken))
        {
            case JobPhase.Gone:
                // Only a purge makes a job unknown, and a purge promises that nothing of the job stays.
                Log.SkippedPurgedJob(logger, work.InstanceId, work.Batch);
                return new Disposition.Delete();
            case JobPhase.Suspended when message.DequeueCount >= options.Value.MaxDequeueCount / 2:
                // Each look raises the dequeue count; start the count afresh well before it means poison.
                // The fresh copy claims in this message's name, so rows a dead holder left running under
                // it are taken over rather than mistaken for a live holder's.
                Log.Requeued(logger, work.InstanceId, work.Batch, message.MessageId);
                return new Disposition.Requeue(
                    options.Value.SuspendedRecheck,
                    JsonSerializer.Serialize(work with { ClaimId = BatchClaimer.ClaimIdOf(work, message) }, ContractsJsonContext.Default.WorkMessage));
            case JobPhase.Suspended:
                return new Disposition.Later(options.Value.SuspendedRecheck);
            case var phase when phase.IsFinal():
                Log.SkippedFinishedJob(logger, work.InstanceId, work.Batch);
                return new Disposition.Delete();
            default:
                return null;
        }
    }

    /// <summary>Claims the batch's open items within the claim budget; null when the worker is releasing its work meanwhile.</summary>
    private async Task<ClaimOutcome?> ClaimAsync(WorkMessage work, QueueMessage message, ClaimBudget.Arrival arrival, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        int held;
        try
        {
            held = await budget.AcquireBatchAsync(work.Algorithm, work.Count, arrival, releaseToken);
        }
        catch (OperationCanceledException) when (releaseToken.IsCancellationRequested)
        {
            return null;
        }

        ClaimOutcome claim;
        try
        {
            // A batch's first delivery of the fan-out (not a rewind) has no rows yet: skip reading them, which
            // costs Azurite a scan of the whole Items table. Should they exist after all (a duplicate message),
            // creating them fails and the batch is claimed again from what is stored.
            var firstDelivery = message.DequeueCount == 1 && work.Generation == 0;
            claim = await claimer.ClaimAsync(work, message, firstDelivery, held, cancellationToken);
            if (claim is ClaimOutcome.Conflict && firstDelivery)
            {
                claim = await claimer.ClaimAsync(work, message, firstDelivery: false, held, cancellationToken);
            }
        }
        catch
        {
            budget.Release(held);
            throw;
        }

        budget.Release(held - (claim is ClaimOutcome.Claimed { Claims.Count: var count } ? count : 0));
        return claim;
    }

    private Disposition Unclaimed(WorkMessage work, QueueMessage message, ClaimOutcome claim)
    {
        switch (claim)
        {
            case ClaimOutcome.JobGone:
                Log.SkippedPurgedJob(logger, work.InstanceId, work.Batch);
                return new Disposition.Delete();
            case ClaimOutcome.HeldElsewhere:
                // A copy of a message whose holder is running the batch: the holder finishes and reports it.
                Log.CopyLeftToHolder(logger, work.InstanceId, work.Batch, message.MessageId);
                return new Disposition.Delete();
            default:
                // Another worker changed the rows between our read and write; look again shortly.
                return new Disposition.Later(TimeSpan.FromMilliseconds(Random.Shared.Next(1000, 3000)));
        }
    }

    /// <summary>Runs the claimed items, reports every final one and decides what becomes of the message.</summary>
    private async Task<Disposition> RunAsync(WorkMessage work, QueueMessage message, ClaimOutcome.Claimed claimed, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var result = await pass.RunAsync(work, message, claimed, releaseToken, cancellationToken);
        if (ReferenceEquals(result, PassResult.Lost))
        {
            return new Disposition.Later(TimeSpan.FromSeconds(1));
        }

        if (ReferenceEquals(result, PassResult.JobGone))
        {
            Log.SkippedPurgedJob(logger, work.InstanceId, work.Batch);
            return new Disposition.Delete();
        }

        await reporter.ReportAsync(work, claimed.Batch.Values, cancellationToken);
        if (result.Released)
        {
            return new Disposition.Later(TimeSpan.Zero);
        }

        var retrying = claimed.Batch.Values.Where(r => r.Status == ItemStatus.Pending).ToList();
        if (retrying.Count > 0)
        {
            return new Disposition.Later(RetryDelay.After(retrying.Max(r => r.Attempts), options.Value.RetryBaseDelay, options.Value.RetryMaxDelay));
        }

        return claimed.Exhausted.Count > 0 || result.Ran.Any(r => r.Status == ItemStatus.Failed && r.Attempts >= options.Value.MaxAttempts)
            ? new Disposition.Poison($"items of batch {work.Batch} failed after their attempt budget", work.InstanceId)
            : new Disposition.Delete();
    }
}
