using System.Net;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class JobLifecycleTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Seed_curl_job_completes_through_statusQueryGetUri_with_every_output_present()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();

        var started = await client.StartCountAsync(200, timeout.Token);
        var id = started.GetProperty("id").GetString()!;
        var statusUri = started.GetProperty("statusQueryGetUri").GetString()!;
        JsonElement status;
        while (true)
        {
            using var response = await client.Http.GetAsync(statusUri, timeout.Token);
            status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(200, JobAssertions.Count(status, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(status, "failed"));
        var lines = await JobAssertions.OutputLinesAsync(storage, id, timeout.Token);
        Assert.Equal(Enumerable.Range(0, 200), lines.Select(l => l.ItemId).Order());
        Assert.All(lines, l => Assert.Equal(2, l.Output.GetInt32()));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }

    [Fact]
    public async Task Failing_items_end_the_job_Failed_and_rewind_completes_it_once_the_fault_is_gone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var fault = Gates.Create();
        var inputs = Enumerable.Range(0, 30).Select(i => i % 10 == 3
            ? $"{{\"ms\":5,\"tag\":{i},\"failWhileExists\":{Gates.Json(fault)}}}"
            : $"{{\"ms\":5,\"tag\":{i}}}");
        var body = $"{{\"algorithm\":\"sleep\",\"batchSize\":4,\"inputs\":[{string.Join(",", inputs)}]}}";

        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
        var failed = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Failed", failed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(27, JobAssertions.Count(failed, "succeeded"));
        Assert.Equal(3, JobAssertions.Count(failed, "failed"));
        var errors = failed.GetProperty("output").GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 13, 23], errors.Select(e => e.GetProperty("itemId").GetInt32()).Order());
        Assert.All(errors, e => Assert.Contains("failing while", e.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal(5, e.GetProperty("attempts").GetInt32()));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i % 10 == 3 ? null : JobAssertions.SleepOutput(5, i), timeout.Token);

        File.Delete(fault);
        using var rewind = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind?reason=fixed", timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, rewind.StatusCode);
        var completed = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal("Completed", completed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(30, JobAssertions.Count(completed, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(completed, "failed"));
        var rows = await JobAssertions.ItemsAsync(storage, id, timeout.Token);
        Assert.All(rows, r => Assert.Equal(ItemStatus.Succeeded, r.Status));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(5, i), timeout.Token);
    }

    [Fact]
    public async Task Terminate_stops_the_job_and_its_remaining_items_are_skipped()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        // Azure queues do not promise order, and the fan-out sends a group of batches at once: slots and
        // messages for every item, so the first 10 finish whichever batches come first. With the default 8
        // messages in flight, under load the gated batches could take all 8 before the first 10 items' batches.
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__Concurrency"] = "100", ["Worker__MaxMessagesInFlight"] = "50" });
        using var client = engine.Client();
        // Items from 10 on run until the gate is gone, so the job cannot finish before it is terminated.
        var gate = Gates.Create();
        var inputs = Enumerable.Range(0, 100).Select(i => i < 10 ? $"{{\"ms\":1,\"tag\":{i}}}" : $"{{\"ms\":1,\"tag\":{i},\"waitWhileExists\":{Gates.Json(gate)}}}");
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":2,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        while (JobAssertions.Count((await client.GetStatusAsync(id, timeout.Token)).Body, "succeeded") < 10)
        {
            await Task.Delay(100, timeout.Token);
        }

        using var terminate = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/terminate?reason=enough", timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var terminated = await client.WaitForAsync(id, timeout.Token, "Terminated");
        File.Delete(gate);
        await WaitForEmptyQueueAsync(timeout.Token);
        var (code, after) = await client.GetStatusAsync(id, timeout.Token, "?showHistory=true");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Terminated", after.GetProperty("runtimeStatus").GetString());
        Assert.True(JobAssertions.Count(after, "succeeded") < 100);
        Assert.Contains(after.GetProperty("historyEvents").EnumerateArray(), e => e.GetProperty("EventType").GetString() == "ExecutionTerminated" && e.GetProperty("Reason").GetString() == "enough");
        using var again = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/terminate", timeout.Token);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("Terminated", terminated.GetProperty("runtimeStatus").GetString());
        var succeeded = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Where(r => r.Status == ItemStatus.Succeeded).Select(r => r.Index).ToHashSet();
        Assert.Superset(Enumerable.Range(0, 10).ToHashSet(), succeeded);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => succeeded.Contains(i) ? JobAssertions.SleepOutput(1, i) : null, timeout.Token);
    }

    [Fact]
    public async Task Purge_removes_the_jobs_state_and_blobs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var big = new string('x', 10_000);
        var body = "{\"inputs\":[" + string.Join(",", Enumerable.Range(0, 20).Select(i => $"{{\"ms\":1,\"tag\":{i},\"pad\":\"{big}\"}}")) + "],\"algorithm\":\"sleep\"}";
        var id = (await client.StartAsync(body, "purge-me", timeout.Token)).GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Completed");
        Assert.NotEmpty(await JobAssertions.OutputLinesAsync(storage, id, timeout.Token));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);

        using var purge = await client.Http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}", timeout.Token);

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await purge.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetStatusAsync(id, timeout.Token)).Status);
        Assert.Empty(await JobAssertions.ItemsAsync(storage, id, timeout.Token));
        Assert.Empty(await JobAssertions.OutputLinesAsync(storage, id, timeout.Token));
        await foreach (var blob in storage.Clients.Container(StorageNames.InputContainer).GetBlobsAsync(
            Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "_jobs/purge-me/", timeout.Token))
        {
            Assert.Fail($"blob {blob.Name} survived the purge");
        }

        using var twice = await client.Http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task A_worker_set_to_exit_when_idle_finishes_the_job_and_then_stops_by_itself()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":40}", null, timeout.Token)).GetProperty("id").GetString()!;
        var worker = await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__ExitWhenIdleAfter"] = "00:00:02" });

        var done = await client.WaitForAsync(id, timeout.Token);
        var exited = await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.True(exited, "the worker kept running on an empty queue");
        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("exiting (Worker:ExitWhenIdleAfter)", worker.Output, StringComparison.Ordinal);
        Assert.Equal(40, JobAssertions.Count(done, "succeeded"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }

    private async Task WaitForEmptyQueueAsync(CancellationToken cancellationToken)
    {
        var queue = storage.Clients.Queue(StorageNames.WorkQueue);
        while ((await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(200, cancellationToken);
        }
    }
}
