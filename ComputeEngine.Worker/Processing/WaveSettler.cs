using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Keeps a wave's rows true while it runs. Every <see cref="WorkerOptions.RunningStatusInterval"/> one
/// transaction settles the items that finished (their outputs first, to a blob of their own) and marks
/// Running the items that took a slot, so Running means executing and Claimed means waiting for a slot.
/// A wave that ends within the interval, as waves of fast items do, costs no write here.
/// </summary>
public sealed class WaveSettler(ItemRows rows, OutputWriter outputs, TimeProvider clock, IOptions<WorkerOptions> options)
{
    public async Task FollowAsync(WorkMessage work, IReadOnlyList<ItemRecord> wave, WaveRuns runs, Task waveDone, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RunningStatusInterval, clock);
        try
        {
            while (await Task.WhenAny(waveDone, timer.WaitForNextTickAsync(cancellationToken).AsTask()) != waveDone && !waveDone.IsCompleted)
            {
                // Which run is read before which finished: every row this write leaves Running then ran at
                // one instant, so no more rows read Running than the replica has slots.
                var started = wave.Where(r => r.Status == ItemStatus.Claimed && runs.IsRunning(r.Index)).ToList();
                var changed = await SettleFinishedAsync(work, wave, runs, cancellationToken);
                foreach (var row in started.Where(r => r.Status == ItemStatus.Claimed))
                {
                    row.Status = ItemStatus.Running;
                    changed.Add(row);
                }

                // Lost to another worker, or the job gone: the wave's last write meets the same and ends the pass.
                if (await rows.TryWriteAsync(changed, cancellationToken) != RowWrite.Written)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the wave's items are released and its last write says so.
        }
    }

    /// <summary>Applies the outcomes of the items that finished since last asked, their outputs written first: the rows it changed.</summary>
    public async Task<List<ItemRecord>> SettleFinishedAsync(WorkMessage work, IReadOnlyList<ItemRecord> wave, WaveRuns runs, CancellationToken cancellationToken)
    {
        var finished = runs.TakeFinished();
        if (finished.Count == 0)
        {
            return [];
        }

        var blob = OutputBlobNames.New(work.InstanceId, work.Batch, finished.Min(f => f.Index));
        var locations = await outputs.WriteAsync(
            blob,
            [.. finished.Where(f => f.Outcome is ItemOutcome.Success).Select(f => (f.Index, ((ItemOutcome.Success)f.Outcome).Output))],
            cancellationToken);
        if (locations.Count > 0)
        {
            runs.Blobs.Add(blob);
        }

        var now = clock.GetUtcNow();
        var settled = finished.Select(f => f.Index).ToHashSet();
        var changed = wave.Where(r => settled.Contains(r.Index)).ToList();
        var outcomes = finished.ToDictionary(f => f.Index, f => f.Outcome);
        foreach (var row in changed)
        {
            Settle.Apply(row, outcomes[row.Index], locations.GetValueOrDefault(row.Index), now, options.Value.MaxAttempts);
        }

        return changed;
    }
}
