using System.Collections.Concurrent;
using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// An external algorithm run by long-lived processes (<see cref="ProcessMode.Persistent"/>): a pool of
/// <see cref="ProcessSession"/>s started lazily, one per item running at once (so at most
/// <c>Worker:Concurrency</c>). A broken session (crash, timeout, oversized output) is dropped and the next
/// item starts a fresh process; disposing the pool (host shutdown, after the drain) stops them all.
/// </summary>
public sealed class PersistentProcessAlgorithm(string name, ProcessAlgorithmOptions options, ILogger logger) : IAlgorithm, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly ConcurrentBag<ProcessSession> _idle = [];
    private readonly ConcurrentDictionary<ProcessSession, byte> _live = new();
    private volatile bool _disposed;

    public string Name => name;

    /// <summary>Processes alive now (tests watch restarts through it).</summary>
    public IReadOnlyCollection<int> ProcessIds => _live.Keys.Select(s => s.ProcessId).ToList();

    public async ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _idle.TryTake(out var idle) ? idle : Start();
        try
        {
            return await session.RunAsync(input, cancellationToken);
        }
        finally
        {
            Return(session);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        var sessions = _live.Keys.ToList();
        // Closing every stdin first lets them all exit at once; then each gets what is left of the grace.
        sessions.ForEach(s => s.BeginStop());
        var deadline = DateTime.UtcNow + StopGrace;
        foreach (var session in sessions)
        {
            session.Stop(TimeSpan.FromTicks(Math.Max(0, (deadline - DateTime.UtcNow).Ticks)));
            session.Dispose();
        }

        _live.Clear();
    }

    private ProcessSession Start()
    {
        var session = ProcessSession.Start(name, options);
        _live[session] = 0;
        Log.ProcessStarted(logger, name, session.ProcessId);
        return session;
    }

    private void Return(ProcessSession session)
    {
        if (session.BrokenBecause is null && !_disposed)
        {
            _idle.Add(session);
            return;
        }

        if (_live.TryRemove(session, out _))
        {
            Log.ProcessDropped(logger, name, session.ProcessId, session.BrokenBecause ?? "the worker stopping");
            session.Dispose();
        }
    }
}
