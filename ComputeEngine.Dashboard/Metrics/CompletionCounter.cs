namespace ComputeEngine.Dashboard.Metrics;

/// <summary>
/// Items finished between two readings, from the change of each job's succeeded + failed counts. A job
/// first seen already under way counts from then on, unless it was created after the previous reading.
/// </summary>
public sealed class CompletionCounter
{
    private Dictionary<string, int> _done = [];
    private DateTimeOffset? _previous;

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

        var rate = _previous is { } last && now > last ? finished / (now - last).TotalSeconds : (double?)null;
        (_done, _previous) = (next, now);
        return rate;
    }
}

/// <summary>A job's finished-item count at one reading; <see cref="Final"/> once it has ended (it is then forgotten).</summary>
public readonly record struct JobCount(string InstanceId, int Done, DateTimeOffset CreatedTime, bool Final);
