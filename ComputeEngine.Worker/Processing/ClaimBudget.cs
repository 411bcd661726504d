using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// How many items this replica may hold claimed at once. A claim charges an attempt before an item runs
/// (so an item that kills its worker still spends its budget), and a worker's death charges every item it
/// held: holding only what the replica could start within <see cref="WorkerOptions.ClaimAhead"/> bounds
/// what one death costs items that never ran. Fast algorithms get room for whole batches, so they keep
/// one claim per batch.
/// </summary>
public sealed class ClaimBudget(IOptions<WorkerOptions> options)
{
    // How fast the estimate follows a change in an algorithm's run time.
    private const double Smoothing = 0.2;
    private readonly ConcurrentDictionary<string, double> _runMilliseconds = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Items of <paramref name="algorithm"/> the replica may hold: its running slots, plus what they start within the claim-ahead time.</summary>
    public int Capacity(string algorithm)
    {
        var concurrency = options.Value.Concurrency;
        if (!_runMilliseconds.TryGetValue(algorithm, out var runMs))
        {
            // Unknown run time: claim no more than can start at once, until the first items show how long they take.
            return concurrency;
        }

        var ahead = concurrency * options.Value.ClaimAhead.TotalMilliseconds / Math.Max(runMs, 0.001);
        return (int)Math.Min(concurrency + ahead, int.MaxValue / 2);
    }

    /// <summary>Records how long one attempt of <paramref name="algorithm"/> ran.</summary>
    public void Observe(string algorithm, double runMilliseconds) =>
        _runMilliseconds.AddOrUpdate(algorithm, runMilliseconds, (_, average) => average + (Smoothing * (runMilliseconds - average)));

    /// <summary>Takes up to <paramref name="wanted"/> items of room now; 0 when the budget is spent.</summary>
    public int TryAcquire(string algorithm, int wanted)
    {
        var capacity = Capacity(algorithm);
        lock (_gate)
        {
            var granted = Math.Clamp(capacity - _held, 0, wanted);
            _held += granted;
            return granted;
        }
    }

    /// <summary>Waits until there is room for at least one item, then takes up to <paramref name="wanted"/>.</summary>
    public async Task<int> AcquireAsync(string algorithm, int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var granted = TryAcquire(algorithm, wanted);
            if (granted > 0 || wanted == 0)
            {
                return granted;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Gives back room for items that finished running or were never claimed.</summary>
    public void Release(int count)
    {
        if (count == 0)
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _held -= count;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }
}
