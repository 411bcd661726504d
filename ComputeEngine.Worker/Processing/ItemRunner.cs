using System.Diagnostics;
using System.Text.Json;
using ComputeEngine.Worker.Algorithms;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>Runs one attempt of one item: within the replica's concurrency, under the item timeout, never throwing.</summary>
public sealed class ItemRunner(AlgorithmRegistry algorithms, WorkerActivity activity, ClaimBudget budget, IOptions<WorkerOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency);

    public void Dispose() => _slots.Dispose();

    /// <param name="lastAttempt">Whether a failure now is final, so it is counted as failed rather than retrying.</param>
    /// <param name="startToken">Cancelled when the item must not start any more (its job was suspended): it is released if still waiting for a slot.</param>
    /// <param name="wave">Told when the item takes its slot.</param>
    public async Task<ItemOutcome> RunAsync(
        string instanceId, int index, string algorithmName, JsonElement input, bool lastAttempt, WaveRuns? wave, CancellationToken startToken, CancellationToken releaseToken)
    {
        using var span = WorkerTelemetry.Source.StartActivity("run item");
        span?.SetTag("computeengine.instance_id", instanceId);
        span?.SetTag("computeengine.item_id", index);
        span?.SetTag("computeengine.algorithm", algorithmName);
        var outcome = await RunCoreAsync(instanceId, index, algorithmName, input, wave, startToken, releaseToken);
        var name = outcome switch
        {
            ItemOutcome.Success => "succeeded",
            ItemOutcome.Failure failed when failed.Permanent || lastAttempt => "failed",
            ItemOutcome.Failure => "retrying",
            _ => "released",
        };
        span?.SetTag("computeengine.outcome", name);
        if (outcome is ItemOutcome.Failure failure)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Error);
        }

        if (outcome is not ItemOutcome.Released)
        {
            budget.Observe(algorithmName, outcome.RunMilliseconds);
        }

        WorkerTelemetry.Items.Add(1, new KeyValuePair<string, object?>("outcome", name));
        WorkerTelemetry.RunTime.Record(outcome.RunMilliseconds, new KeyValuePair<string, object?>("algorithm", algorithmName));
        return outcome;
    }

    private async Task<ItemOutcome> RunCoreAsync(
        string instanceId, int index, string algorithmName, JsonElement input, WaveRuns? wave, CancellationToken startToken, CancellationToken releaseToken)
    {
        try
        {
            using var mayStart = CancellationTokenSource.CreateLinkedTokenSource(startToken, releaseToken);
            await _slots.WaitAsync(mayStart.Token);
        }
        catch (OperationCanceledException)
        {
            return new ItemOutcome.Released { RunMilliseconds = 0 };
        }

        // A free slot does not wait, so the wait alone would start an item of a job stopped meanwhile.
        if (startToken.IsCancellationRequested)
        {
            _slots.Release();
            return new ItemOutcome.Released { RunMilliseconds = 0 };
        }

        var watch = Stopwatch.StartNew();
        wave?.Started(index);
        activity.Started(instanceId, index);
        WorkerTelemetry.ActiveItems.Add(1);
        var succeeded = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(releaseToken);
        timeout.CancelAfter(options.Value.ItemTimeout);
        try
        {
            var algorithm = algorithms.Get(algorithmName);
            // WaitAsync also abandons an algorithm that ignores its token and hangs.
            var output = await algorithm.RunAsync(input, timeout.Token).AsTask().WaitAsync(timeout.Token);
            succeeded = true;
            return new ItemOutcome.Success(output) { RunMilliseconds = watch.Elapsed.TotalMilliseconds };
        }
        catch (OperationCanceledException) when (releaseToken.IsCancellationRequested)
        {
            return new ItemOutcome.Released { RunMilliseconds = watch.Elapsed.TotalMilliseconds };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new ItemOutcome.Failure($"Timed out after {options.Value.ItemTimeout} (Worker:ItemTimeout).", Permanent: false)
            {
                RunMilliseconds = watch.Elapsed.TotalMilliseconds,
            };
        }
        catch (PermanentFailureException e)
        {
            return new ItemOutcome.Failure(e.Message, Permanent: true) { RunMilliseconds = watch.Elapsed.TotalMilliseconds, Detail = DetailOf(e) };
        }
        catch (Exception e)
        {
            return new ItemOutcome.Failure($"{e.GetType().Name}: {e.Message}", Permanent: false) { RunMilliseconds = watch.Elapsed.TotalMilliseconds, Detail = DetailOf(e) };
        }
        finally
        {
            WorkerTelemetry.ActiveItems.Add(-1);
            activity.Finished(instanceId, succeeded);
            _slots.Release();
        }
    }

    // A process's own words say more than the worker's stack; the attempt log bounds either.
    private static string DetailOf(Exception e) => e.Data[ProcessAlgorithm.StandardErrorTailKey] as string ?? e.ToString();
}
