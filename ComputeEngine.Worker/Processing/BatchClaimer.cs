using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>Claims items of a batch for a pass, and gives up those past their budget, in one transaction per claim.</summary>
public sealed class BatchClaimer(ItemRows rows, TimeProvider clock, IOptions<WorkerOptions> options)
{
    /// <summary>The name a message's claims are made in: a re-sent message claims in its predecessor's.</summary>
    public static string ClaimIdOf(WorkMessage work, QueueMessage message) => work.ClaimId ?? message.MessageId;

    /// <summary>Claims up to <paramref name="limit"/> of the batch's open items; the rest wait for later waves.</summary>
    public async Task<ClaimOutcome> ClaimAsync(WorkMessage work, QueueMessage message, bool firstDelivery, int limit, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var enqueuedAt = work.EnqueuedAt ?? message.InsertedOn;
        var batch = firstDelivery ? ItemRows.New(work, enqueuedAt) : await rows.LoadAsync(work, enqueuedAt, cancellationToken);
        var now = clock.GetUtcNow();
        var claimId = ClaimIdOf(work, message);
        var open = batch.Values.Where(r => !ItemStatus.IsFinal(r.Status)).OrderBy(r => r.Index).ToList();
        if (open.Any(r => Settle.HeldByAnother(r, claimId, now, settings.ItemTimeout, settings.VisibilityTimeout)))
        {
            return new ClaimOutcome.HeldElsewhere();
        }

        var overDequeued = message.DequeueCount > settings.MaxDequeueCount;
        var exhausted = open.Where(r => overDequeued || r.Attempts >= settings.MaxAttempts).ToList();
        var candidates = open.Except(exhausted).ToList();
        var claimed = candidates.Take(limit).ToList();
        foreach (var row in exhausted)
        {
            Settle.GiveUp(row, now, overDequeued ? $"message received {message.DequeueCount} times" : null);
        }

        Claim(claimed, claimId, now);
        var waiting = candidates.Skip(limit).ToList();
        // Rows not stored yet are all created now, those of later waves as pending: creating rows costs a
        // look for a purge afterwards (see ItemRows), once per batch rather than once per wave.
        switch (await rows.TryWriteAsync([.. exhausted, .. claimed, .. waiting.Where(r => r.ETag == default)], cancellationToken))
        {
            case RowWrite.Lost:
                return new ClaimOutcome.Conflict();
            case RowWrite.JobGone:
                return new ClaimOutcome.JobGone();
        }

        return new ClaimOutcome.Claimed(batch, exhausted, claimed, new Queue<ItemRecord>(waiting));
    }

    /// <summary>Marks rows claimed by this pass; the caller writes them.</summary>
    public void Claim(IEnumerable<ItemRecord> claimed, string claimId, DateTimeOffset now)
    {
        foreach (var row in claimed)
        {
            Settle.Claim(row, options.Value.Name, claimId, now);
            if (row.EnqueuedAt is { } enqueued)
            {
                WorkerTelemetry.QueueWait.Record((now - enqueued).TotalMilliseconds);
            }
        }
    }
}
