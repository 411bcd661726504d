using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Runs one pass over a claimed batch in waves as the <see cref="ClaimBudget"/> allows: each wave's items
/// run, their outputs go to a blob of the wave's own (a slow wave's also while it runs, see
/// <see cref="WaveSettler"/>), and one transaction settles them and claims the next wave. The rows always
/// name this message while items remain, so a copy keeps leaving them alone.
/// </summary>
public sealed class BatchPass(
    BatchClaimer claimer,
    ItemRows rows,
    InputResolver inputs,
    ItemRunner runner,
    OutputWriter outputs,
    ClaimBudget budget,
    JobStopWatch stops,
    WaveSettler settler,
    TimeProvider clock,
    IOptions<WorkerOptions> options)
{
    /// <summary>
    /// Runs the claimed waves; the rows it ran are returned, or <see cref="PassResult.Lost"/> when a write lost to
    /// another worker, <see cref="PassResult.JobGone"/> when a purge deleted the rows. The
    /// budget held for the first wave's claims, and every later wave's, is all given back by the end.
    /// </summary>
    public async Task<PassResult> RunAsync(
        WorkMessage work, QueueMessage message, ClaimOutcome.Claimed claimed, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var held = claimed.Claims.Count;
        var ran = new List<ItemRecord>();
        var released = false;
        var wave = claimed.Claims;
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(releaseToken);
        using var cancelRunning = CancellationTokenSource.CreateLinkedTokenSource(releaseToken);
        using var watching = new CancellationTokenSource();
        var watch = stops.WatchAsync(work.InstanceId, stopStarting, cancelRunning, watching.Token);
        try
        {
            while (wave.Count > 0)
            {
                var (waveReleased, blobs) = await RunWaveAsync(work, wave, stopStarting.Token, cancelRunning.Token, cancellationToken);
                released |= waveReleased || stopStarting.IsCancellationRequested;
                ran.AddRange(wave);
                budget.Release(wave.Count);
                held -= wave.Count;

                var room = released ? 0 : budget.TryAcquire(work.Algorithm, claimed.Waiting.Count);
                held += room;
                if (room == 0 && !released && claimed.Waiting.Count > 0)
                {
                    // The replica's budget is held by other batches: settle this wave now, claim the next when there is room.
                    if (await Settled(await rows.TryWriteAsync(wave, cancellationToken), blobs, cancellationToken) is { } lost)
                    {
                        return lost;
                    }

                    wave = [];
                    try
                    {
                        room = await budget.AcquireAsync(work.Algorithm, claimed.Waiting.Count, stopStarting.Token);
                        held += room;
                    }
                    catch (OperationCanceledException) when (stopStarting.IsCancellationRequested)
                    {
                        released = true;
                    }
                }

                var next = Enumerable.Range(0, room).Select(_ => claimed.Waiting.Dequeue()).ToList();
                claimer.Claim(next, BatchClaimer.ClaimIdOf(work, message), clock.GetUtcNow());
                if (await Settled(await rows.TryWriteAsync([.. wave, .. next], cancellationToken), blobs, cancellationToken) is { } failed)
                {
                    return failed;
                }

                wave = next;
            }
        }
        finally
        {
            budget.Release(held);
            await watching.CancelAsync();
            await watch;
        }

        return new PassResult(ran, released || claimed.Waiting.Count > 0);
    }

    /// <summary>
    /// Null when the wave's rows were written; otherwise what the pass ends with. Rows a purge deleted leave
    /// the wave's outputs pointed at by nothing, under a job that no longer exists: they are deleted here.
    /// </summary>
    private async Task<PassResult?> Settled(RowWrite write, List<string> blobs, CancellationToken cancellationToken)
    {
        switch (write)
        {
            case RowWrite.Lost:
                return PassResult.Lost;
            case RowWrite.JobGone:
                foreach (var blob in blobs)
                {
                    await outputs.DeleteAsync(blob, cancellationToken);
                }

                return PassResult.JobGone;
            default:
                return null;
        }
    }

    /// <summary>Runs one wave and applies its outcomes to its rows: whether an item was released, and the blobs holding the wave's outputs.</summary>
    private async Task<(bool Released, List<string> Blobs)> RunWaveAsync(
        WorkMessage work, List<ItemRecord> wave, CancellationToken startToken, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var resolved = await inputs.ResolveAsync(work, wave.Select(r => r.Index), cancellationToken);
        var runs = new WaveRuns();
        var done = Task.WhenAll(wave.Select(async row =>
        {
            var (input, error) = resolved[row.Index];
            ItemOutcome outcome = input is { } value
                ? await runner.RunAsync(work.InstanceId, row.Index, work.Algorithm, value, row.Attempts >= options.Value.MaxAttempts, runs, startToken, releaseToken)
                : new ItemOutcome.Failure(error!, Permanent: true) { RunMilliseconds = 0 };
            runs.Finished(row.Index, outcome);
        }));
        var following = settler.FollowAsync(work, wave, runs, done, cancellationToken);
        await done;
        await following;
        await settler.SettleFinishedAsync(work, wave, runs, cancellationToken);
        return (runs.Released, runs.Blobs);
    }
}

/// <summary>What a pass did: the rows it ran, and whether items were left for a later delivery (a release).</summary>
public sealed record PassResult(List<ItemRecord> Ran, bool Released)
{
    /// <summary>A write lost to another worker: the message is looked at again shortly.</summary>
    public static readonly PassResult Lost = new([], Released: true);

    /// <summary>The job was purged during the pass: nothing is reported and the message is dropped.</summary>
    public static readonly PassResult JobGone = new([], Released: false);
}
