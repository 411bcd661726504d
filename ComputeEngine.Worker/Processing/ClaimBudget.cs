using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// How many items this replica may hold claimed at once. A claim charges an attempt before an item runs
/// (so an item that kills its worker still spends its budget), and a worker's death charges every item it
/// held: holding only what the replica could start within <see cref="WorkerOptions.ClaimAhead"/> bounds
/// what one death costs items that never ran. Fast algorithms get room for whole batches, so they keep
/// one claim per batch. The same room decides how many work messages the replica takes off the queue
/// (<see cref="MessagesToTake"/>): a message held while its items wait for room is work hidden from every
/// other replica, which may sit idle meanwhile.
/// </summary>
public sealed class ClaimBudget(IOptions<WorkerOptions> options)
{
    // How fast the estimate follows a change in an algorithm's run time.
    private const double Smoothing = 0.2;
    private readonly ConcurrentDictionary<string, double> _runMilliseconds = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private int _waiting;
    private int _arriving;
    private (string Algorithm, int Items)? _recent;

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
        var waiting = false;
        try
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

                if (!waiting)
                {
                    Interlocked.Increment(ref _waiting);
                    waiting = true;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    /// <summary>
    /// Takes room for the first items of a received batch: the message stops counting as arriving once its
    /// items hold room (or it gives up waiting), and its shape sizes the next receive.
    /// </summary>
    public async Task<int> AcquireBatchAsync(string algorithm, int items, Arrival arrival, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _recent = (algorithm, Math.Max(items, 1));
        }

        try
        {
            return await AcquireAsync(algorithm, items, cancellationToken);
        }
        finally
        {
            arrival.Dispose();
        }
    }

    /// <summary>Counts a received message as arriving until its items hold room or its handling ends.</summary>
    public Arrival Arrive()
    {
        Interlocked.Increment(ref _arriving);
        return new Arrival(this);
    }

    /// <summary>Completes when room is given back or a message stops arriving: the moment to look at <see cref="MessagesToTake"/> again.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>
    /// How many work messages to receive now, at most <paramref name="limit"/>: as many as the room left
    /// would start within the claim-ahead time, sized by the last batch received. None while a message
    /// waits for room, one at a time until a batch has shown its algorithm and size. Fast algorithms have
    /// room for many batches, so they still take <paramref name="limit"/> in one receive.
    /// </summary>
    public int MessagesToTake(int limit)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _waiting) > 0)
            {
                return 0;
            }

            var arriving = Volatile.Read(ref _arriving);
            if (_recent is not { } recent)
            {
                return arriving > 0 ? 0 : Math.Min(limit, 1);
            }

            var room = (long)Capacity(recent.Algorithm) - _held - ((long)arriving * recent.Items);
            return room <= 0 ? 0 : (int)Math.Clamp((room + recent.Items - 1) / recent.Items, 1, limit);
        }
    }

    /// <summary>Gives back room for items that finished running or were never claimed.</summary>
    public void Release(int count)
    {
        if (count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _held -= count;
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    /// <summary>A received message whose items hold no room yet; disposing it (once, from any path) ends that.</summary>
    public sealed class Arrival(ClaimBudget budget) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref budget._arriving);
                budget.Signal();
            }
        }
    }
}
