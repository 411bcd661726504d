namespace ComputeEngine.Dashboard.Metrics;

/// <summary>
/// Items finished over the last <paramref name="window"/> of readings (at least the last interval), from the
/// change of each job's succeeded + failed counts. A job first seen already under way counts from then
/// on, unless it was created after the previous reading: then all its items count, even if it is over.
/// A window of a few seconds keeps a short job's burst from reading as 0 one interval later.
/// </summary>
public sealed class CompletionCounter(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset From, DateTimeOffset To, long Finished)> _intervals = new();
    private Dictionary<string, int> _done = [];
    private DateTimeOffset? _previous;

    public CompletionCounter()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>When the last reading was taken: jobs created since then and already over are read by creation time.</summary>
    public DateTimeOffset? Previous => _previous;

    /// <summary>Jobs seen last time; when one has left the active list, read it once more for its final count.</summary>
    public IReadOnlyCollection<string> Known => _done.Keys;

    /// <summary>Records the counts of this reading and returns items finished per second since the last, or null on the first.</summary>
    public double? Observe(DateTimeOffset now, IEnumerable<JobCount> jobs)
    {
        var finished = 0L;
        var next = new Dictionary<string, int>();
        foreach (var job in jobs)
        {
            if (!job.Final)
            {
                next[job.InstanceId] = job.Done;
            }

            if (_done.TryGetValue(job.InstanceId, out var before))
            {
                finished += Math.Max(0, job.Done - before);
            }
            else if (_previous is { } previous && job.CreatedTime >= previous)
            {
                finished += job.Done;
            }
        }

        double? rate = null;
        if (_previous is { } last && now > last)
        {
            _intervals.Enqueue((last, now, finished));
            while (_intervals.Count > 1 && now - _intervals.Peek().From > window)
            {
                _intervals.Dequeue();
            }

            rate = _intervals.Sum(i => i.Finished) / (now - _intervals.Peek().From).TotalSeconds;
        }

        (_done, _previous) = (next, now);
        return rate;
    }
}

/// <summary>A job's finished-item count at one reading; <see cref="Final"/> once it has ended (it is then forgotten).</summary>
public readonly record struct JobCount(string InstanceId, int Done, DateTimeOffset CreatedTime, bool Final);
