using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// A replica takes from the queue only the batches it can start soon (issue 20: no replica sits idle while
/// another holds a long queue of work). Real processes; outputs checked against inputs.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ReplicaShareTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_replica_that_starts_later_finds_work_left_for_it_on_the_queue()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var slots = new Dictionary<string, string> { ["Worker__Concurrency"] = "2" };
        await engine.StartWorkerAsync(timeout.Token, slots);
        using var client = engine.Client();
        // 6 batches of 20 items of 500 ms: 5 s a batch on 2 slots, 30 s for one replica alone. Fewer batches than a
        // replica may hold messages (Worker:MaxMessagesInFlight, 8): one receive could take them all.
        const int Items = 120;
        var inputs = string.Join(",", Enumerable.Range(0, Items).Select(i => $"{{\"ms\":500,\"tag\":{i}}}"));
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":20,\"inputs\":[" + inputs + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        // The first replica has polled the queue and is running items: every batch was on the queue when it looked.
        while (JobAssertions.Count((await client.GetStatusAsync(id, timeout.Token)).Body, "succeeded") < 2)
        {
            await Task.Delay(100, timeout.Token);
        }

        var late = await engine.StartWorkerAsync(timeout.Token, slots);
        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        var byWorker = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).GroupBy(r => r.Worker).ToDictionary(g => g.Key ?? "?", g => g.Count());
        // A replica holding every batch it received left the late one nothing to do.
        Assert.True(byWorker.GetValueOrDefault(late.Name) >= 20, "items per replica: " + string.Join(", ", byWorker.Select(w => $"{w.Key}={w.Value}")));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(500, i), timeout.Token);
    }
}
