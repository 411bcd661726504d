using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class ItemAttemptsTests(AzuriteFixture storage)
{
    [Fact]
    public async Task An_item_shows_every_attempt_with_its_worker_times_outcome_and_stack_trace_and_backoff_apart_from_queue_wait()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__MaxAttempts"] = "3";
        engine.Settings["Worker__RetryBaseDelay"] = "00:00:00.500";
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":2,\"inputs\":[{\"ms\":1,\"fail\":true},{\"ms\":3,\"tag\":1}]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Failed");

        var failed = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/instances/{id}/items/0", timeout.Token)).RootElement;
        var succeeded = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/instances/{id}/items/1", timeout.Token)).RootElement;

        var attempts = failed.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal(
            [(1, "Retried"), (2, "Retried"), (3, "Failed")],
            attempts.Select(a => (a.GetProperty("number").GetInt32(), a.GetProperty("outcome").GetString()!)).ToList());
        Assert.All(attempts, a => Assert.Equal("worker-1", a.GetProperty("worker").GetString()));
        Assert.All(attempts, a => Assert.True(a.GetProperty("endedTime").GetDateTimeOffset() >= a.GetProperty("startedTime").GetDateTimeOffset()));
        // Each run was timed; a 1 ms sleep can measure just under 1 ms (CI saw 0.90).
        Assert.All(attempts, a => Assert.True(a.GetProperty("runMilliseconds").GetDouble() > 0));
        Assert.All(attempts, a => Assert.Equal("InvalidOperationException: sleep: asked to fail.", a.GetProperty("error").GetString()));
        Assert.All(attempts, a => Assert.Contains("at ComputeEngine.Worker.Algorithms.SleepAlgorithm", a.GetProperty("detail").GetString(), StringComparison.Ordinal));
        Assert.All(attempts, a => Assert.InRange(a.GetProperty("detail").GetString()!.Length, 1, 4097));
        // Retry delays (0.5 s, then 1 s) lie between the three runs: backoff, not queue wait. The queue's
        // visibility timeout is whole seconds, so the delays as served are not exactly those: only a floor is asserted.
        var backoff = failed.GetProperty("backoffMilliseconds").GetDouble();
        var attemptTimes = attempts.Sum(a => (a.GetProperty("endedTime").GetDateTimeOffset() - a.GetProperty("startedTime").GetDateTimeOffset()).TotalMilliseconds);
        Assert.InRange(backoff, 500, 60_000);
        Assert.True(failed.GetProperty("queueWaitMilliseconds").GetDouble() < backoff, failed.ToString());
        Assert.Equal(attempts[0].GetProperty("startedTime").GetDateTimeOffset(), failed.GetProperty("firstStartedTime").GetDateTimeOffset());
        var span = (failed.GetProperty("finishedTime").GetDateTimeOffset() - failed.GetProperty("firstStartedTime").GetDateTimeOffset()).TotalMilliseconds;
        Assert.InRange(backoff + attemptTimes, span - 1, span + 1);

        var only = Assert.Single(succeeded.GetProperty("attemptLog").EnumerateArray());
        Assert.Equal((1, "Succeeded", "worker-1"), (only.GetProperty("number").GetInt32(), only.GetProperty("outcome").GetString(), only.GetProperty("worker").GetString()));
        Assert.Equal(0, succeeded.GetProperty("backoffMilliseconds").GetDouble());
        Assert.Equal(1, succeeded.GetProperty("input").GetProperty("tag").GetInt32());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i == 0 ? null : JobAssertions.SleepOutput(3, 1), timeout.Token);
    }
}
