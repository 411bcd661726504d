using System.Collections.Concurrent;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// One wave's items as they run: which hold a slot now, which finished and are not yet
/// settled, and the output blobs written for them so far.
/// </summary>
public sealed class WaveRuns
{
    private readonly ConcurrentDictionary<int, byte> _running = new();
    private readonly ConcurrentQueue<(int Index, ItemOutcome Outcome)> _finished = new();

    /// <summary>The blobs holding this wave's outputs; a purge that meets the wave deletes them.</summary>
    public List<string> Blobs { get; } = [];

    /// <summary>Whether an item was given back (a stop or shutdown) rather than run.</summary>
    public bool Released { get; private set; }

    public void Started(int index) => _running[index] = 0;

    public void Finished(int index, ItemOutcome outcome)
    {
        _finished.Enqueue((index, outcome));
        _running.TryRemove(index, out _);
    }

    public bool IsRunning(int index) => _running.ContainsKey(index);

    /// <summary>The items that finished since the last call.</summary>
    public List<(int Index, ItemOutcome Outcome)> TakeFinished()
    {
        var taken = new List<(int, ItemOutcome)>();
        while (_finished.TryDequeue(out var finished))
        {
            Released |= finished.Outcome is ItemOutcome.Released;
            taken.Add(finished);
        }

        return taken;
    }
}
