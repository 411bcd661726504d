using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class ReliabilityTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Throwing_and_hanging_items_fail_with_their_errors_and_rewind_completes_the_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__ItemTimeout"] = "00:00:00.500";
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var fault = Gates.Create();
        var inputs = Enumerable.Range(0, 40).Select(i => (i % 20) switch
        {
            4 => $"{{\"ms\":1,\"tag\":{i},\"failWhileExists\":{Gates.Json(fault)}}}",
            9 => $"{{\"ms\":1,\"tag\":{i},\"hangWhileExists\":{Gates.Json(fault)}}}",
            _ => $"{{\"ms\":1,\"tag\":{i}}}",
        });
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":3,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;

        var failed = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(36, JobAssertions.Count(failed, "succeeded"));
        var errors = failed.GetProperty("output").GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("itemId").GetInt32(), e => e.GetProperty("error").GetString()!);
        Assert.Equal([4, 9, 24, 29], errors.Keys.Order());
        Assert.Contains("failing while", errors[4], StringComparison.Ordinal);
        Assert.Contains("Timed out", errors[9], StringComparison.Ordinal);
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.All(rows.Where(r => r.Status == ItemStatus.Failed), r => Assert.Equal(5, r.Attempts));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i % 20 is 4 or 9 ? null : JobAssertions.SleepOutput(1, i), timeout.Token);

        File.Delete(fault);
        using var rewind = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind", timeout.Token);
        var completed = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");
        Assert.Equal("Completed", completed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(40, JobAssertions.Count(completed, "succeeded"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
        Secrets.AssertNoneLogged(engine);
    }

    [Fact]
    public async Task A_worker_told_to_stop_mid_item_releases_its_items_without_spending_attempts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var stopping = await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string>
        {
            ["Worker__ShutdownTimeout"] = "00:00:01",
            ["Worker__Concurrency"] = "4",
        });
        using var client = engine.Client();
        // Items run until the gate is gone, so they are still running whenever the worker is told to stop.
        var gate = Gates.Create();
        var inputs = Enumerable.Range(0, 8).Select(i => $"{{\"ms\":1,\"tag\":{i},\"waitWhileExists\":{Gates.Json(gate)}}}");
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":2,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count(r => r.Status == ItemStatus.Running) < 4)
        {
            await Task.Delay(100, timeout.Token);
        }

        stopping.Terminate();
        Assert.True(await stopping.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the worker did not drain in time");
        var afterStop = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        File.Delete(gate);
        await engine.StartWorkerAsync(timeout.Token);
        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Contains("Draining", stopping.Output, StringComparison.Ordinal);
        Assert.All(afterStop, r => Assert.Equal(ItemStatus.Pending, r.Status));
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(8, JobAssertions.Count(done, "succeeded"));
        Assert.All(await JobAssertions.ItemsAsync(storage, id, timeout.Token), r => Assert.Equal(1, r.Attempts));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
    }

    [Fact]
    public async Task A_job_survives_workers_killed_at_progress_milestones_with_exact_counts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__VisibilityTimeout"] = "00:00:05";
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var inputs = Enumerable.Range(0, 2000).Select(i => $"{{\"ms\":25,\"tag\":{i}}}");
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":10,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;

        // Kills follow the job's progress, not the clock, so a fast machine and a slow one test the same thing.
        var killedAt = new List<int>();
        foreach (var milestone in new[] { 100, 400, 700, 1000, 1300, 1600 })
        {
            var status = await WaitForAsync(client, id, s => JobAssertions.Count(s, "succeeded") >= milestone || Finished(s), timeout.Token);
            if (Finished(status))
            {
                break;
            }

            engine.Workers.Last(w => !w.HasExited).Kill();
            killedAt.Add(JobAssertions.Count(status, "succeeded"));
            await engine.StartWorkerAsync(timeout.Token);
        }

        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.NotEmpty(killedAt);
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal((2000, 0), (JobAssertions.Count(done, "succeeded"), JobAssertions.Count(done, "failed")));
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.All(rows, r => Assert.InRange(r.Attempts, 1, 5));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(25, i), timeout.Token);
    }

    private static bool Finished(System.Text.Json.JsonElement status) =>
        status.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed" or "Terminated";

    private static async Task<System.Text.Json.JsonElement> WaitForAsync(
        DurableClient client, string id, Func<System.Text.Json.JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, status) = await client.GetStatusAsync(id, cancellationToken);
            if (status.ValueKind == System.Text.Json.JsonValueKind.Object && condition(status))
            {
                return status;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
