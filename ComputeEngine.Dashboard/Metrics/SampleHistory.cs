namespace ComputeEngine.Dashboard.Metrics;

/// <summary>The latest reading in full, and the chart numbers of the last minutes, oldest first.</summary>
public sealed class SampleHistory(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<ChartSample> _samples = new();

    public OverviewSample? Latest { get; private set; }

    public void Add(OverviewSample sample)
    {
        lock (_lock)
        {
            _samples.Enqueue(sample.ToChart());
            while (_samples.Count > capacity)
            {
                _samples.Dequeue();
            }

            Latest = sample;
        }
    }

    public IReadOnlyList<ChartSample> Snapshot()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }
}
