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
    TimeProvider clock,
    IOptions<WorkerOptions> options)
{
    /// <summary>
    /// Runs the claimed waves; the rows it ran are returned, or null when a write lost to another worker. The
    /// budget held for the first wave's claims, and every later wave's, is all given back by the end.
    /// </summary>
    public async Task<PassResult?> RunAsync(
        WorkMessage work, QueueMessage message, ClaimOutcome.Claimed claimed, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var held = claimed.Claims.Count;
        var ran = new List<ItemRecord>();
        var released = false;
        var wave = claimed.Claims;
        try
        {
            while (wave.Count > 0)
            {
                released |= await RunWaveAsync(work, wave, releaseToken, cancellationToken);
                ran.AddRange(wave);
                budget.Release(wave.Count);
                held -= wave.Count;

                var room = released ? 0 : budget.TryAcquire(work.Algorithm, claimed.Waiting.Count);
                held += room;
                if (room == 0 && !released && claimed.Waiting.Count > 0)
                {
                    // The replica's budget is held by other batches: settle this wave now, claim the next when there is room.
                    if (!await rows.TryWriteAsync(wave, cancellationToken))
                    {
                        return null;
                    }

                    wave = [];
                    try
                    {
                        room = await budget.AcquireAsync(work.Algorithm, claimed.Waiting.Count, releaseToken);
                        held += room;
                    }
                    catch (OperationCanceledException) when (releaseToken.IsCancellationRequested)
                    {
                        released = true;
                    }
                }

                var next = Enumerable.Range(0, room).Select(_ => claimed.Waiting.Dequeue()).ToList();
                claimer.Claim(next, BatchClaimer.ClaimIdOf(work, message), clock.GetUtcNow());
                if (!await rows.TryWriteAsync([.. wave, .. next], cancellationToken))
                {
                    return null;
                }

                wave = next;
            }
        }
        finally
        {
            budget.Release(held);
        }

        return new PassResult(ran, released || claimed.Waiting.Count > 0);
    }

    /// <summary>Runs one wave and applies its outcomes to its rows; true when an item was released.</summary>
    private async Task<bool> RunWaveAsync(WorkMessage work, List<ItemRecord> wave, CancellationToken releaseToken, CancellationToken cancellationToken)
    {
        var resolved = await inputs.ResolveAsync(work, wave.Select(r => r.Index), cancellationToken);
        var runs = wave.Select(async row =>
        {
            var (input, error) = resolved[row.Index];
            ItemOutcome outcome = input is { } value
                ? await runner.RunAsync(work.InstanceId, row.Index, work.Algorithm, value, row.Attempts >= options.Value.MaxAttempts, releaseToken)
                : new ItemOutcome.Failure(error!, Permanent: true) { RunMilliseconds = 0 };
            return (row.Index, outcome);
        });
        var outcomes = (await Task.WhenAll(runs)).ToDictionary(r => r.Index, r => r.outcome);
        var locations = await outputs.WriteAsync(
            OutputBlobNames.New(work.InstanceId, work.Batch, wave[0].Index),
            [.. outcomes.Where(o => o.Value is ItemOutcome.Success).Select(o => (o.Key, ((ItemOutcome.Success)o.Value).Output))],
            cancellationToken);
        var finishedAt = clock.GetUtcNow();
        foreach (var row in wave)
        {
            Settle.Apply(row, outcomes[row.Index], locations.GetValueOrDefault(row.Index), finishedAt, options.Value.MaxAttempts);
        }

        return outcomes.Values.Any(o => o is ItemOutcome.Released);
    }
}

/// <summary>What a pass did: the rows it ran, and whether items were left for a later delivery (a release).</summary>
public sealed record PassResult(List<ItemRecord> Ran, bool Released);
