namespace ComputeEngine.Dashboard.Metrics;

/// <summary>A job's finished-item counts over the last seconds, for its current throughput.</summary>
public sealed class RateWindow(TimeSpan span)
{
    private readonly Queue<(DateTimeOffset Time, int Done)> _points = new();

    public void Add(DateTimeOffset time, int done)
    {
        if (_points.Count > 0 && done < _points.Last().Done)
        {
            // A rewind or restart reset the counts: start over.
            _points.Clear();
        }

        _points.Enqueue((time, done));
        while (_points.Count > 2 && time - _points.Peek().Time > span)
        {
            _points.Dequeue();
        }
    }

    /// <summary>Items per second across the window, or null until it covers at least a second.</summary>
    public double? PerSecond
    {
        get
        {
            if (_points.Count < 2)
            {
                return null;
            }

            var (firstTime, firstDone) = _points.Peek();
            var (lastTime, lastDone) = _points.Last();
            var seconds = (lastTime - firstTime).TotalSeconds;
            return seconds < 1 ? null : (lastDone - firstDone) / seconds;
        }
    }
}
