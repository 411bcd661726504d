using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Fans one job out (or re-dispatches what a rewind reset), resuming from the header's watermark. A
/// lease on the header keeps replicas from doing the same job at once; doing it twice is still safe.
/// The fan-out keeps only a window of the job's batches uncounted (see <see cref="DispatchWindow"/>),
/// so jobs share the one FIFO work queue instead of queueing behind each other whole.
/// </summary>
public sealed class JobDispatcher(
    InstanceStore store,
    InputSource inputs,
    BatchDispatcher batches,
    RewindRedispatcher rewinds,
    DispatchWindow window,
    DispatchArbiter arbiter,
    TimeProvider clock,
    IOptions<OrchestratorOptions> options,
    ILogger<JobDispatcher> logger)
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task RunAsync(string instanceId, CancellationToken cancellationToken)
    {
        var header = await AcquireAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return;
        }

        arbiter.Enter(instanceId, header.Priority);
        try
        {
            if (!header.FanOutComplete)
            {
                header = await FanOutAsync(header, cancellationToken);
            }

            if (header is { RewindPending: true, RuntimeStatus: RuntimeStatus.Running })
            {
                header = await rewinds.RunAsync(header, cancellationToken);
            }
        }
        finally
        {
            arbiter.Leave(instanceId);

            // Released even on shutdown, so another replica takes over at once, but never for longer than
            // a lease would have lasted anyway: the host must not wait on it past its own shutdown.
            using var release = new CancellationTokenSource(ReleaseTimeout);
            try
            {
                await ReleaseAsync(instanceId, release.Token);
            }
            catch (OperationCanceledException) when (release.IsCancellationRequested)
            {
                // Storage did not answer in time: the lease runs out by itself.
            }
        }
    }

    private async Task<InstanceHeader> FanOutAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        using var span = OrchestratorTelemetry.StartFrom("fan-out", header.TraceParent);
        span?.SetTag("computeengine.instance_id", header.PartitionKey);
        span?.SetTag("computeengine.resumed_at_batch", header.DispatchedBatches);
        var batch = header.DispatchedBatches;
        await foreach (var chunk in inputs.ReadAsync(header, cancellationToken)
            .BatchesAsync(batch * header.BatchSize, header.BatchSize, cancellationToken))
        {
            var waited = await window.WaitForRoomAsync(header, chunk.Count, _owner, cancellationToken);
            if (waited is not { RuntimeStatus: RuntimeStatus.Running })
            {
                // Suspended, terminated or purged while the window was full: the scan resumes it if it runs again.
                Log.FanOutStopped(logger, header.PartitionKey, waited?.RuntimeStatus ?? "purged");
                return waited ?? header;
            }

            header = waited;
            await batches.DispatchAsync(header, batch, chunk, generation: 0, cancellationToken);
            var dispatched = batch;
            var count = chunk.Count;
            var updated = await store.UpdateAsync(header.PartitionKey, h =>
            {
                if (h.RuntimeStatus != RuntimeStatus.Running || h.DispatchedBatches > dispatched)
                {
                    return Mutation.Skip(false);
                }

                h.DispatchedBatches = dispatched + 1;
                h.DispatchedItems += count;
                h.DispatchLeaseUntil = clock.GetUtcNow() + options.Value.DispatchLease;
                return Mutation.Write(true);
            }, cancellationToken);
            if (updated is not { Result: true })
            {
                Log.FanOutStopped(logger, header.PartitionKey, updated?.Header.RuntimeStatus ?? "purged");
                return updated?.Header ?? header;
            }

            header = updated.Value.Header;
            OrchestratorTelemetry.ItemsDispatched.Add(count);
            batch++;
        }

        var finished = await store.UpdateAsync(header.PartitionKey, h =>
        {
            if (h.FanOutComplete)
            {
                return Mutation.Skip(false);
            }

            h.FanOutComplete = true;
            h.Total = h.DispatchedItems;
            var now = clock.GetUtcNow();
            JobLifecycle.AddHistory(h, new HistoryEvent("FanOutCompleted", now));
            JobLifecycle.TryFinish(h, now);
            return Mutation.Write(true);
        }, cancellationToken);
        Log.FanOutCompleted(logger, header.PartitionKey, finished?.Header.Total ?? header.Total);
        return finished?.Header ?? header;
    }

    private async Task<InstanceHeader?> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        var result = await store.UpdateAsync(instanceId, h =>
        {
            var now = clock.GetUtcNow();
            var needsWork = h.RuntimeStatus is RuntimeStatus.Pending
                || (h.RuntimeStatus == RuntimeStatus.Running && (!h.FanOutComplete || h.RewindPending));
            var leasedByOther = h.DispatchOwner is not null && h.DispatchOwner != _owner && h.DispatchLeaseUntil > now;
            if (!needsWork || leasedByOther)
            {
                return Mutation.Skip(false);
            }

            if (h.RuntimeStatus == RuntimeStatus.Pending)
            {
                h.RuntimeStatus = RuntimeStatus.Running;
                JobLifecycle.AddHistory(h, new HistoryEvent("ExecutionStarted", now, h.Name));
            }

            h.DispatchOwner = _owner;
            h.DispatchLeaseUntil = now + options.Value.DispatchLease;
            return Mutation.Write(true);
        }, cancellationToken);
        return result is { Result: true } ? result.Value.Header : null;
    }

    private Task<(InstanceHeader Header, bool Result)?> ReleaseAsync(string instanceId, CancellationToken cancellationToken) =>
        store.UpdateAsync(instanceId, h =>
        {
            if (h.DispatchOwner != _owner)
            {
                return Mutation.Skip(false);
            }

            h.DispatchOwner = null;
            h.DispatchLeaseUntil = null;
            return Mutation.Write(true);
        }, cancellationToken);
}
