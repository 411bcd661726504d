using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Holds a fan-out back while its job has enough dispatched and not yet counted: what the fan-in counted of the job
/// in the last <see cref="OrchestratorOptions.DispatchWindowTime"/>, at least <see cref="OrchestratorOptions.DispatchWindow"/>
/// batches; <see cref="OrchestratorOptions.OutrankedDispatchWindow"/> while a job of higher priority is fanned out
/// or a newer job's first window is uncounted (<see cref="DispatchArbiter"/>),
/// and never more items than the job's <c>maxParallelism</c>. It reads the header from the cache the fan-in
/// writes through, so waiting costs no storage request on the replica that counts the job. While it waits it
/// keeps the fan-out's lease, and if the counts stop moving for <see cref="OrchestratorOptions.ReconcileAfter"/>
/// it recounts the job's rows itself: a lost completion must not close the window for good.
/// </summary>
public sealed class DispatchWindow(
    InstanceStore store,
    DispatchArbiter arbiter,
    Recounter recounter,
    TimeProvider clock,
    IOptions<OrchestratorOptions> options,
    ILogger<DispatchWindow> logger)
{
    /// <summary>The header once <paramref name="next"/> more items fit, or as soon as the job is no longer Running; null when it is gone.</summary>
    public async Task<InstanceHeader?> WaitForRoomAsync(InstanceHeader header, int next, string owner, DrainRate drain, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var counted = header.Succeeded + header.Failed;
        var progressAt = clock.GetUtcNow();
        while (header.RuntimeStatus == RuntimeStatus.Running && !HasRoom(header, next, drain))
        {
            await Task.Delay(settings.DispatchWindowPoll, clock, cancellationToken);
            var fresh = await store.GetForStatusAsync(header.PartitionKey, cancellationToken);
            if (fresh is null)
            {
                return null;
            }

            header = fresh;
            drain.Observe(header);
            var now = clock.GetUtcNow();
            if (header.Succeeded + header.Failed != counted)
            {
                (counted, progressAt) = (header.Succeeded + header.Failed, now);
            }
            else if (now - progressAt >= settings.ReconcileAfter)
            {
                Log.WindowStalled(logger, header.PartitionKey, header.Outstanding);
                await recounter.RecountAsync(header.PartitionKey, cancellationToken);
                progressAt = now;
            }

            if (header.DispatchLeaseUntil is not { } until || until - now < settings.DispatchLease / 2)
            {
                header = await RenewLeaseAsync(header.PartitionKey, owner, cancellationToken) ?? header;
            }
        }

        return header;
    }

    /// <summary>Whether <paramref name="next"/> more items may go out: one batch always may when nothing is outstanding, so every job moves.</summary>
    public bool HasRoom(InstanceHeader header, int next, DrainRate drain)
    {
        var outstanding = header.Outstanding;
        if (outstanding == 0 && next <= header.BatchSize)
        {
            return true;
        }

        var settings = options.Value;
        var window = arbiter.Outranked(header.PartitionKey, header.Priority, header.CreatedTime)
            ? (long)settings.OutrankedDispatchWindow * header.BatchSize
            : Math.Max((long)settings.DispatchWindow * header.BatchSize, drain.CountedLately);
        var limit = Math.Min(window, header.MaxParallelism ?? int.MaxValue);
        return outstanding + next <= limit;
    }

    private async Task<InstanceHeader?> RenewLeaseAsync(string instanceId, string owner, CancellationToken cancellationToken)
    {
        var renewed = await store.UpdateAsync(instanceId, h =>
        {
            if (h.DispatchOwner != owner || h.RuntimeStatus != RuntimeStatus.Running)
            {
                return Mutation.Skip(false);
            }

            h.DispatchLeaseUntil = clock.GetUtcNow() + options.Value.DispatchLease;
            return Mutation.Write(true);
        }, cancellationToken);
        return renewed?.Header;
    }
}
