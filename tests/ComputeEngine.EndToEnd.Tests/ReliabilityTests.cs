using System.Globalization;
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
        var until = DateTimeOffset.UtcNow.AddSeconds(15).ToString("O", CultureInfo.InvariantCulture);
        var inputs = Enumerable.Range(0, 40).Select(i => (i % 20) switch
        {
            4 => $"{{\"ms\":1,\"failUntil\":\"{until}\"}}",
            9 => $"{{\"ms\":1,\"hangUntil\":\"{until}\"}}",
            _ => "{\"ms\":1}",
        });
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":3,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;

        var failed = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(36, JobAssertions.Count(failed, "succeeded"));
        var errors = failed.GetProperty("output").GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("itemId").GetInt32(), e => e.GetProperty("error").GetString()!);
        Assert.Equal([4, 9, 24, 29], errors.Keys.Order());
        Assert.Contains("failing until", errors[4], StringComparison.Ordinal);
        Assert.Contains("Timed out", errors[9], StringComparison.Ordinal);
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.All(rows.Where(r => r.Status == ItemStatus.Failed), r => Assert.Equal(5, r.Attempts));

        while (DateTimeOffset.UtcNow < DateTimeOffset.Parse(until, CultureInfo.InvariantCulture))
        {
            await Task.Delay(200, timeout.Token);
        }

        using var rewind = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind", timeout.Token);
        var completed = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");
        Assert.Equal("Completed", completed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(40, JobAssertions.Count(completed, "succeeded"));
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
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":2,\"inputs\":[" + string.Join(",", Enumerable.Repeat("{\"ms\":4000}", 8)) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count(r => r.Status == ItemStatus.Running) < 4)
        {
            await Task.Delay(100, timeout.Token);
        }

        stopping.Terminate();
        Assert.True(await stopping.WaitForExitAsync(TimeSpan.FromSeconds(15)), "the worker did not drain in time");
        var afterStop = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Contains("Draining", stopping.Output, StringComparison.Ordinal);
        Assert.All(afterStop, r => Assert.Equal(ItemStatus.Pending, r.Status));
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(8, JobAssertions.Count(done, "succeeded"));
        Assert.All(await JobAssertions.ItemsAsync(storage, id, timeout.Token), r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_job_survives_a_worker_killed_every_two_seconds_with_exact_counts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__VisibilityTimeout"] = "00:00:05";
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var body = "{\"algorithm\":\"sleep\",\"batchSize\":10,\"inputs\":[" + string.Join(",", Enumerable.Repeat("{\"ms\":25}", 2000)) + "]}";
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;

        var kills = 0;
        var done = default(System.Text.Json.JsonElement);
        while (true)
        {
            var (_, status) = await client.GetStatusAsync(id, timeout.Token);
            if (status.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed")
            {
                done = status;
                break;
            }

            var victim = engine.Workers.Last(w => !w.HasExited);
            victim.Kill();
            kills++;
            await engine.StartWorkerAsync(timeout.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        }

        Assert.True(kills >= 3, $"only {kills} kills happened; the job was too short to test anything");
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(2000, JobAssertions.Count(done, "succeeded"));
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.All(rows, r => Assert.InRange(r.Attempts, 1, 5));
        Assert.Equal(2000, (await JobAssertions.OutputsAsync(storage, rows, timeout.Token)).Count);
    }
}
