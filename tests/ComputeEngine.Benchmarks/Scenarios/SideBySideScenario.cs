using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Benchmarks.Peer;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// The same job on this engine and on the Durable Task Framework, taken alternately in one run so both
/// see the same machine load: N <c>sum([1,1])</c> items, submit → completed, and Azurite's CPU per item.
/// </summary>
public static class SideBySideScenario
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PeerLimit = TimeSpan.FromMinutes(15);

    public static async Task RunAsync(EngineRig rig, AzuriteFixture storage, int items, int rounds, Report report, Action<string> progress, CancellationToken cancellationToken)
    {
        var ours = new List<(double ItemsPerSecond, double CpuMsPerItem)>();
        var peer = new List<(double ItemsPerSecond, double CpuMsPerItem)>();
        for (var round = 1; round <= rounds; round++)
        {
            progress($"side by side, round {round}/{rounds}: this engine, {items} items");
            var cpuBefore = ProcessCpu.Of(storage.ProcessId);
            var elapsed = await Jobs.RunAsync(rig.Client, "side-by-side", items, PollInterval, cancellationToken);
            ours.Add((items / elapsed.TotalSeconds, (ProcessCpu.Of(storage.ProcessId) - cpuBefore).TotalMilliseconds / items));

            progress($"side by side, round {round}/{rounds}: Durable Task Framework, {items} items");
            var result = await DurableTaskPeer.RunAsync(items, PeerLimit, cancellationToken);
            peer.Add((items / result.Elapsed.TotalSeconds, result.AzuriteCpu.TotalMilliseconds / items));
        }

        var section = $"Side by side: {items:N0} sum([1,1]) items, 2 workers each, {rounds} alternating rounds (median)";
        var oursRate = Median(ours.Select(r => r.ItemsPerSecond));
        var peerRate = Median(peer.Select(r => r.ItemsPerSecond));
        report.Add(section, "this engine, items/s", oursRate, "items/s", "side_by_side_items_per_s");
        report.Add(section, "Durable Task Framework (Azure Storage provider), items/s", peerRate, "items/s", "peer_dtfx_items_per_s");
        report.Add(section, "ratio", oursRate / peerRate, "×", "x_dtfx");
        report.Add(section, "this engine, Azurite CPU per item", Median(ours.Select(r => r.CpuMsPerItem)), "ms");
        report.Add(section, "Durable Task Framework, Azurite CPU per item", Median(peer.Select(r => r.CpuMsPerItem)), "ms", "peer_dtfx_storage_cpu_ms_per_item");
        report.Note($"Side by side: each round runs this engine's job, then the Durable Task Framework's on its own fresh Azurite; " +
            $"rates per round: engine {Join(ours)}, peer {Join(peer)}. The peer's settings are in Peer/DurableTaskPeer.cs.");
    }

    private static double Median(IEnumerable<double> values) => Percentiles.Of(values, 50);

    private static string Join(List<(double ItemsPerSecond, double CpuMsPerItem)> rounds) =>
        string.Join(", ", rounds.Select(r => Report.Format(r.ItemsPerSecond)));
}
