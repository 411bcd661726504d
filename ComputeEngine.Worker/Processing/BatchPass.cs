using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Runs one pass over a claimed batch in waves as the <see cref="ClaimBudget"/> allows: each wave's items
/// run, their outputs go to a blob of the wave's own, and one transaction settles them and claims the
/// next wave. The rows always name this message while items remain, so a copy keeps leaving them alone.
/// </summary>
public sealed class BatchPass(
    BatchClaimer claimer,
    ItemRows rows,
    InputResolver inputs,
    ItemRunner runner,
    OutputWriter outputs,
    ClaimBudget budget,
    JobStopWatch stops,
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
                var (waveReleased, blob) = await RunWaveAsync(work, wave, stopStarting.Token, cancelRunning.Token, cancellationToken);
                released |= waveReleased || stopStarting.IsCancellationRequested;
                ran.AddRange(wave);
                budget.Release(wave.Count);
                held -= wave.Count;

                var room = released ? 0 : budget.TryAcquire(work.Algorithm, claimed.Waiting.Count);
                held += room;
                if (room == 0 && !released && claimed.Waiting.Count > 0)
                {
                    // The replica's budget is held by other batches: settle this wave now, claim the next when there is room.
                    if (await Settled(await rows.TryWriteAsync(wave, cancellationToken), blob, cancellationToken) is { } lost)
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
                if (await Settled(await rows.TryWriteAsync([.. wave, .. next], cancellationToken), blob, cancellationToken) is { } failed)
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
    private async Task<PassResult?> Settled(RowWrite write, string? blob, CancellationToken cancellationToken)
    {
        switch (write)
        {
            case RowWrite.Lost:
                return PassResult.Lost;
            case RowWrite.JobGone:
                if (blob is not null)
                {
                    await outputs.DeleteAsync(blob, cancellationToken);
                }

                return PassResult.JobGone;
            default:
                return null;
        }
    }

    /// <summary>Runs one wave and applies its outcomes to its rows: whether an item was released, and the wave's output blob if it wrote one.</summary>
    private async Task<(bool Released, string? Blob)> RunWaveAsync(
        WorkMessage work, List<ItemRecord> wave, CancellationToken startToken, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var resolved = await inputs.ResolveAsync(work, wave.Select(r => r.Index), cancellationToken);
        var runs = wave.Select(async row =>
        {
            var (input, error) = resolved[row.Index];
            ItemOutcome outcome = input is { } value
                ? await runner.RunAsync(work.InstanceId, row.Index, work.Algorithm, value, row.Attempts >= options.Value.MaxAttempts, startToken, releaseToken)
                : new ItemOutcome.Failure(error!, Permanent: true) { RunMilliseconds = 0 };
            return (row.Index, outcome);
        });
        var outcomes = (await Task.WhenAll(runs)).ToDictionary(r => r.Index, r => r.outcome);
        var blob = OutputBlobNames.New(work.InstanceId, work.Batch, wave[0].Index);
        var locations = await outputs.WriteAsync(
            blob,
            [.. outcomes.Where(o => o.Value is ItemOutcome.Success).Select(o => (o.Key, ((ItemOutcome.Success)o.Value).Output))],
            cancellationToken);
        var finishedAt = clock.GetUtcNow();
        foreach (var row in wave)
        {
            Settle.Apply(row, outcomes[row.Index], locations.GetValueOrDefault(row.Index), finishedAt, options.Value.MaxAttempts);
        }

        return (outcomes.Values.Any(o => o is ItemOutcome.Released), locations.Count > 0 ? blob : null);
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
