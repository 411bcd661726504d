using ComputeEngine.Dashboard.Cluster;
using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Storage;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class SampleHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static OverviewSample Sample(int second, ClusterMode mode) => new(
        T0.AddSeconds(second),
        new QueueLengths(second * 10, 0),
        [],
        new ClusterSnapshot(mode, "", [new ReplicaInfo("worker-1", ReplicaPhase.Starting, "Starting", null, 0, null)], [new NodeInfo("local", true, null)], null),
        [],
        second,
        null);

    [Fact]
    public void History_keeps_the_chart_numbers_of_the_last_readings_and_the_latest_in_full()
    {
        var history = new SampleHistory(capacity: 3);
        for (var second = 0; second < 5; second++)
        {
            history.Add(Sample(second, ClusterMode.Local));
        }

        var charts = history.Snapshot();
        Assert.Equal([20L, 30L, 40L], charts.Select(c => c.QueueLength!.Value));
        Assert.Equal(new ChartSample(T0.AddSeconds(4), 40, 0, 1, 1, 4), charts[^1]);
        Assert.Equal(T0.AddSeconds(4), history.Latest!.Time);
    }

    [Fact]
    public void Nodes_are_not_charted_when_neither_Kubernetes_nor_the_AppHost_says_how_many()
    {
        Assert.Null(Sample(1, ClusterMode.Standalone).ToChart().Nodes);
        Assert.Equal(1, Sample(1, ClusterMode.Kubernetes).ToChart().Nodes);
    }
}
