using System.Text.Json;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class FaultTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Killing_a_worker_mid_job_loses_nothing_and_counts_nothing_twice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var doomed = await engine.StartWorkerAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var body = "{\"algorithm\":\"sleep\",\"batchSize\":4,\"inputs\":[" + string.Join(",", Enumerable.Range(0, 400).Select(i => $"{{\"ms\":30,\"tag\":{i}}}")) + "]}";
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
        await WaitForProgressAsync(client, id, "succeeded", 40, timeout.Token);

        doomed.Kill();
        await engine.StartWorkerAsync(timeout.Token);
        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(400, JobAssertions.Count(done, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(done, "failed"));
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.Equal(400, rows.Count);
        Assert.All(rows, r => Assert.Equal(ItemStatus.Succeeded, r.Status));
        Assert.All(rows, r => Assert.InRange(r.Attempts, 1, 5));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(30, i), timeout.Token);
    }

    [Fact]
    public async Task Concurrent_windowed_jobs_survive_a_killed_worker_and_a_killed_orchestrator_with_every_output_their_own()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var doomed = await engine.StartWorkerAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var sleepy = "{\"algorithm\":\"sleep\",\"batchSize\":5,\"maxParallelism\":10,\"inputs\":[" + string.Join(",", Enumerable.Range(0, 300).Select(i => $"{{\"ms\":20,\"tag\":{i}}}")) + "]}";
        // Every job's fan-out is windowed at once: the big one by the window, one by maxParallelism, one outranking the others.
        var big = (await client.StartAsync("{\"inputCount\":8000,\"batchSize\":20}", null, timeout.Token)).GetProperty("id").GetString()!;
        var slow = (await client.StartAsync(sleepy, null, timeout.Token)).GetProperty("id").GetString()!;
        var urgent = (await client.StartAsync("{\"inputCount\":3000,\"batchSize\":20,\"priority\":5}", null, timeout.Token)).GetProperty("id").GetString()!;
        await WaitForProgressAsync(client, big, "succeeded", 500, timeout.Token);

        doomed.Kill();
        engine.Orchestrator!.Kill();
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);

        foreach (var (id, total) in new[] { (big, 8000), (slow, 300), (urgent, 3000) })
        {
            var done = await client.WaitForAsync(id, timeout.Token);
            Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
            Assert.Equal((total, 0, total), (JobAssertions.Count(done, "succeeded"), JobAssertions.Count(done, "failed"), JobAssertions.Count(done, "dispatched")));
            var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
            Assert.Equal(total, rows.Count);
            Assert.All(rows, r => Assert.InRange(r.Attempts, 1, 5));
        }

        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, big, _ => "2", timeout.Token);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, slow, i => JobAssertions.SleepOutput(20, i), timeout.Token);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, urgent, _ => "2", timeout.Token);
    }

    [Fact]
    public async Task Killing_the_orchestrator_during_fan_out_and_fan_in_resumes_with_exact_counts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        const int total = 20_000;
        var id = (await client.StartAsync($"{{\"inputCount\":{total},\"batchSize\":10}}", null, timeout.Token)).GetProperty("id").GetString()!;
        var during = await WaitForProgressAsync(client, id, "dispatched", 500, timeout.Token);
        Assert.True(JobAssertions.Count(during, "dispatched") < total, "the fan-out finished before the kill; make the job bigger");

        engine.Orchestrator!.Kill();
        await engine.StartOrchestratorAsync(timeout.Token);
        var fanIn = await WaitForProgressAsync(client, id, "dispatched", total, timeout.Token);
        if (JobAssertions.Count(fanIn, "succeeded") < total)
        {
            engine.Orchestrator!.Kill();
            await engine.StartOrchestratorAsync(timeout.Token);
        }

        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(total, JobAssertions.Count(done, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(done, "failed"));
        Assert.Equal(total, JobAssertions.Count(done, "dispatched"));
        Assert.Equal(total, (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }

    [Fact]
    public async Task Duplicate_late_unknown_and_malformed_messages_leave_the_counts_exact()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":50,\"batchSize\":5}", null, timeout.Token)).GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Completed");
        var completions = storage.Clients.Queue(StorageNames.CompletionQueue);
        var work = storage.Clients.Queue(StorageNames.WorkQueue);
        // Earlier tests in this collection leave poisoned messages of their own.
        await storage.Clients.Queue(StorageNames.CompletionPoisonQueue).ClearMessagesAsync(timeout.Token);
        await storage.Clients.Queue(StorageNames.WorkPoisonQueue).ClearMessagesAsync(timeout.Token);

        await SendAsync(completions, new CompletionMessage(id, 0, 0, [0, 1, 2, 3, 4], []), timeout.Token);
        await SendAsync(completions, new CompletionMessage(id, 0, 0, [0, 1, 2, 3, 4], []), timeout.Token);
        await SendAsync(completions, new CompletionMessage(id, 1, 0, [], [new ItemFailure(5, "late failure", 1)]), timeout.Token);
        await SendAsync(completions, new CompletionMessage("no-such-job", 0, 0, [0], []), timeout.Token);
        await completions.SendMessageAsync("{not json", timeout.Token);
        await work.SendMessageAsync(JsonSerializer.Serialize(
            new WorkMessage(id, 3, 0, "sum", 15, 5, Inputs: [.. Enumerable.Repeat(JsonDocument.Parse("[1,1]").RootElement, 5)]),
            ContractsJsonContext.Default.WorkMessage), timeout.Token);
        await work.SendMessageAsync("{\"instanceId\":\"../../etc\"}", timeout.Token);
        await WaitForEmptyAsync(completions, timeout.Token);
        await WaitForEmptyAsync(work, timeout.Token);
        await WaitForEmptyAsync(completions, timeout.Token);

        var (_, status) = await client.GetStatusAsync(id, timeout.Token);
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(50, JobAssertions.Count(status, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(status, "failed"));
        Assert.Single((await storage.Clients.Queue(StorageNames.CompletionPoisonQueue).PeekMessagesAsync(10, timeout.Token)).Value);
        Assert.Contains((await storage.Clients.Queue(StorageNames.WorkPoisonQueue).PeekMessagesAsync(10, timeout.Token)).Value,
            m => m.Body.ToString().Contains("not a valid work message", StringComparison.Ordinal));
        Assert.False(engine.Workers[0].HasExited);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }

    [Fact]
    public async Task A_copy_of_a_batch_already_done_arriving_while_the_job_runs_changes_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        // Batch 1 runs until the gate is gone, so the job is still running when the copy of batch 0 is handled.
        var gate = Gates.Create();
        var inputs = Enumerable.Range(0, 10).Select(i => i < 5 ? $"{{\"ms\":1,\"tag\":{i}}}" : $"{{\"ms\":1,\"tag\":{i},\"waitWhileExists\":{Gates.Json(gate)}}}");
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":5,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        List<ItemRecord> before;
        while ((before = [.. (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Where(r => r.Index < 5 && r.Status == ItemStatus.Succeeded)]).Count < 5)
        {
            await Task.Delay(50, timeout.Token);
        }

        // A copy as the fan-out would send it again after a crash: first delivery, generation 0. The worker
        // skips reading rows for such a message, so this is the path where creating them must fail safely.
        var copy = new WorkMessage(id, 0, 0, "sleep", 0, 5, Inputs: [.. Enumerable.Repeat(JsonDocument.Parse("{\"ms\":1}").RootElement, 5)]);
        var work = storage.Clients.Queue(StorageNames.WorkQueue);
        await work.SendMessageAsync(JsonSerializer.Serialize(copy, ContractsJsonContext.Default.WorkMessage), timeout.Token);
        await WaitForCountAsync(work, 1, timeout.Token); // only batch 1's own message is left
        var (runningWhenHandled, _) = await client.GetStatusAsync(id, timeout.Token);
        File.Delete(gate);
        var final = await client.WaitForAsync(id, timeout.Token, "Completed");

        var after = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Where(r => r.Index < 5).OrderBy(r => r.Index).ToList();
        var lines = await JobAssertions.OutputLinesAsync(storage, id, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, runningWhenHandled);
        Assert.Equal((10, 0), (JobAssertions.Count(final, "succeeded"), JobAssertions.Count(final, "failed")));
        Assert.Equal(
            before.OrderBy(r => r.Index).Select(r => (r.Index, r.Attempts, r.OutputBlob, r.FinishedAt, r.ETag)),
            after.Select(r => (r.Index, r.Attempts, r.OutputBlob, r.FinishedAt, r.ETag)));
        Assert.Equal(Enumerable.Range(0, 10), lines.Select(l => l.ItemId).Order());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
    }

    [Fact]
    public async Task A_copy_of_a_batch_arriving_while_its_items_run_leaves_them_to_their_holder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        // The items run until the gate is gone, so the copy always arrives while they run.
        var gate = Gates.Create();
        var inputs = Enumerable.Range(0, 5).Select(i => $"{{\"ms\":1,\"tag\":{i},\"waitWhileExists\":{Gates.Json(gate)}}}").ToList();
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":5,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count(r => r.Status == ItemStatus.Running) < 5)
        {
            await Task.Delay(50, timeout.Token);
        }

        var copy = new WorkMessage(id, 0, 0, "sleep", 0, 5, Inputs: [.. inputs.Select(i => JsonDocument.Parse(i).RootElement)]);
        var work = storage.Clients.Queue(StorageNames.WorkQueue);
        await work.SendMessageAsync(JsonSerializer.Serialize(copy, ContractsJsonContext.Default.WorkMessage), timeout.Token);
        await WaitForCountAsync(work, 1, timeout.Token); // the copy is gone; the holder's message is left
        var whileHeld = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        File.Delete(gate);
        var final = await client.WaitForAsync(id, timeout.Token, "Completed");

        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.Equal((5, 0), (JobAssertions.Count(final, "succeeded"), JobAssertions.Count(final, "failed")));
        Assert.All(rows, r => Assert.Equal((ItemStatus.Succeeded, 1), (r.Status, r.Attempts)));
        Assert.All(whileHeld, r => Assert.Equal((ItemStatus.Running, 1), (r.Status, r.Attempts)));
        Assert.Equal(5, (await JobAssertions.OutputLinesAsync(storage, id, timeout.Token)).Count);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
    }

    [Fact]
    public async Task A_job_suspended_for_longer_than_the_dequeue_budget_completes_after_resume()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":20,\"batchSize\":5}", null, timeout.Token)).GetProperty("id").GetString()!;
        await WaitForProgressAsync(client, id, "dispatched", 20, timeout.Token);
        using (var suspended = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/suspend?reason=test", timeout.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, suspended.StatusCode);
        }

        // Every look at a suspended batch is a receive: 4 s at one look per 100 ms is ten times the budget of 4.
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string>
        {
            ["Worker__SuspendedRecheck"] = "00:00:00.100",
            ["Worker__MaxDequeueCount"] = "4",
        });
        await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
        var (_, during) = await client.GetStatusAsync(id, timeout.Token);
        using (var resumed = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/resume?reason=test", timeout.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, resumed.StatusCode);
        }

        var final = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal("Suspended", during.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
        Assert.Equal((20, 0), (JobAssertions.Count(final, "succeeded"), JobAssertions.Count(final, "failed")));
        Assert.All(await JobAssertions.ItemsAsync(storage, id, timeout.Token), r => Assert.Equal(1, r.Attempts));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }

    private static async Task SendAsync(QueueClient queue, CompletionMessage message, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, ContractsJsonContext.Default.CompletionMessage), cancellationToken);

    private static Task WaitForEmptyAsync(QueueClient queue, CancellationToken cancellationToken) => WaitForCountAsync(queue, 0, cancellationToken);

    private static async Task WaitForCountAsync(QueueClient queue, int count, CancellationToken cancellationToken)
    {
        // Approximate counts include invisible messages, so a message no longer counted was settled.
        while ((await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > count)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<JsonElement> WaitForProgressAsync(DurableClient client, string id, string field, int atLeast, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, status) = await client.GetStatusAsync(id, cancellationToken);
            if (status.ValueKind == JsonValueKind.Object && JobAssertions.Count(status, field) >= atLeast)
            {
                return status;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
