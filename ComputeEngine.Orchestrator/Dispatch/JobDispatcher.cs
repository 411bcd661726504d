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

    // Batches sent together between two watermark writes. A windowed fan-out refills in these groups, one
    // header write each; at 8, a group every send + read + write round trip on a saturated Azurite capped the
    // fan-out below what the workers drained (a 10,000-item job: 852 items/s windowed against 2,098 unbounded).
    private const int MaxGroup = 32;

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task RunAsync(string instanceId, CancellationToken cancellationToken)
    {
        var header = await AcquireAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return;
        }

        arbiter.Enter(instanceId, header.Priority);
        if (header is { DispatchedBatches: 0, FanOutComplete: false })
        {
            arbiter.Arrived(header);
        }

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
        var group = new List<List<ItemInput>>(MaxGroup);
        var drain = new DrainRate(clock, options.Value.DispatchWindowTime);
        await foreach (var chunk in inputs.ReadAsync(header, cancellationToken)
            .BatchesAsync(batch * header.BatchSize, header.BatchSize, cancellationToken))
        {
            // The window counts what the header records: a group not yet recorded counts with the next chunk.
            if (group.Count == MaxGroup || (group.Count > 0 && !window.HasRoom(header, group.Sum(c => c.Count) + chunk.Count, drain)))
            {
                var sent = await SendAsync(header, batch, group, cancellationToken);
                if (sent is not { Result: true })
                {
                    return sent?.Header ?? header;
                }

                (header, batch) = (sent.Value.Header, batch + group.Count);
                drain.Observe(header);
                group.Clear();
            }

            if (group.Count == 0)
            {
                var waited = await window.WaitForRoomAsync(header, chunk.Count, _owner, drain, cancellationToken);
                if (waited is not { RuntimeStatus: RuntimeStatus.Running })
                {
                    // Suspended, terminated or purged while the window was full: the scan resumes it if it runs again.
                    Log.FanOutStopped(logger, header.PartitionKey, waited?.RuntimeStatus ?? "purged");
                    return waited ?? header;
                }

                header = waited;
            }

            group.Add(chunk);
        }

        if (group.Count > 0)
        {
            var sent = await SendAsync(header, batch, group, cancellationToken);
            if (sent is not { Result: true })
            {
                return sent?.Header ?? header;
            }

            header = sent.Value.Header;
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

    /// <summary>
    /// Sends a group of consecutive batches at once and advances the watermark past them in one header write
    /// (a crash in between sends them again, which is harmless): a small job goes out in one round trip, and a
    /// big one writes its header once per group instead of once per batch.
    /// </summary>
    private async Task<(InstanceHeader Header, bool Result)?> SendAsync(
        InstanceHeader header, int first, List<List<ItemInput>> group, CancellationToken cancellationToken)
    {
        await Task.WhenAll(group.Select((chunk, i) => batches.DispatchAsync(header, first + i, chunk, generation: 0, cancellationToken)));
        var count = group.Sum(c => c.Count);
        var updated = await store.UpdateAsync(header.PartitionKey, h =>
        {
            if (h.RuntimeStatus != RuntimeStatus.Running || h.DispatchedBatches > first)
            {
                return Mutation.Skip(false);
            }

            h.DispatchedBatches = first + group.Count;
            h.DispatchedItems += count;
            h.DispatchLeaseUntil = clock.GetUtcNow() + options.Value.DispatchLease;
            return Mutation.Write(true);
        }, cancellationToken);
        if (updated is not { Result: true })
        {
            Log.FanOutStopped(logger, header.PartitionKey, updated?.Header.RuntimeStatus ?? "purged");
            return updated;
        }

        OrchestratorTelemetry.ItemsDispatched.Add(count);
        return updated;
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
