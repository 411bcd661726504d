namespace ComputeEngine.Dashboard.Metrics;

/// <summary>
/// Items finished over the last <paramref name="window"/> of readings (at least the last interval), from the
/// change of each job's succeeded + failed counts. A job first seen already under way counts from then
/// on, unless it was created after the previous reading was asked for: then all its items count, even if
/// it is over. A window of a few seconds keeps a short job's burst from reading as 0 one interval later.
/// </summary>
public sealed class CompletionCounter(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset From, DateTimeOffset To, long Finished)> _intervals = new();

    // Jobs counted to their end, kept while a query by creation time (CreatedSince) can return them again.
    private readonly Dictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);
    private Dictionary<string, int> _done = [];
    private DateTimeOffset? _previous;

    public CompletionCounter()
        : this(TimeSpan.Zero)
    {
    }

    /// <summary>
    /// Jobs created at or after this time did not exist when the previous reading was asked for, so none of
    /// their items has been counted. It is that moment floored to the second, because the API gives creation
    /// times to the second: a job created later in the same second must still count as new.
    /// </summary>
    public DateTimeOffset? CreatedSince { get; private set; }

    /// <summary>Jobs seen last time; when one has left the active list, read it once more for its final count.</summary>
    public IReadOnlyCollection<string> Known => _done.Keys;

    /// <summary>
    /// Records the counts of a reading asked for at <paramref name="askedAt"/> and answered at
    /// <paramref name="answeredAt"/>; returns items finished per second since the last, or null on the first.
    /// </summary>
    public double? Observe(DateTimeOffset askedAt, DateTimeOffset answeredAt, IEnumerable<JobCount> jobs)
    {
        var finished = 0L;
        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (job.Final && _ended.ContainsKey(job.InstanceId))
            {
                continue;
            }

            // Not final again after it ended: rewound, so it counts from here like any job seen under way.
            var rewound = _ended.Remove(job.InstanceId);
            if (job.Final)
            {
                _ended[job.InstanceId] = job.CreatedTime;
            }
            else
            {
                next[job.InstanceId] = job.Done;
            }

            if (_done.TryGetValue(job.InstanceId, out var before))
            {
                finished += Math.Max(0, job.Done - before);
            }
            else if (!rewound && CreatedSince is { } since && job.CreatedTime >= since)
            {
                finished += job.Done;
            }
        }

        double? rate = null;
        if (_previous is { } last && answeredAt > last)
        {
            _intervals.Enqueue((last, answeredAt, finished));
            while (_intervals.Count > 1 && answeredAt - _intervals.Peek().From > window)
            {
                _intervals.Dequeue();
            }

            rate = _intervals.Sum(i => i.Finished) / (answeredAt - _intervals.Peek().From).TotalSeconds;
        }

        CreatedSince = new DateTimeOffset(askedAt.UtcTicks - (askedAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        foreach (var id in _ended.Where(e => e.Value < CreatedSince).Select(e => e.Key).ToList())
        {
            _ended.Remove(id);
        }

        (_done, _previous) = (next, answeredAt);
        return rate;
    }
}

/// <summary>A job's finished-item count at one reading; <see cref="Final"/> once it has ended (it is then forgotten).</summary>
public readonly record struct JobCount(string InstanceId, int Done, DateTimeOffset CreatedTime, bool Final);
