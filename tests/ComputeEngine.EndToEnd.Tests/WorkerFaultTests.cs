using System.Net;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>Faults of workers combined with job control: every item still runs and every output is its own.</summary>
[Collection(StorageCollection.Name)]
public sealed class WorkerFaultTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_batch_whose_worker_died_runs_after_the_job_is_suspended_and_resumed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var doomed = await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var body = "{\"algorithm\":\"sleep\",\"batchSize\":4,\"inputs\":[" + string.Join(",", Enumerable.Range(0, 4).Select(i => $"{{\"ms\":3000,\"tag\":{i}}}")) + "]}";
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count(r => r.Status == ItemStatus.Running) < 4)
        {
            await Task.Delay(50, timeout.Token);
        }

        doomed.Kill();
        using (var suspend = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/suspend?reason=test", timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        }

        // The dead worker's message comes back while the job is suspended and is re-sent as a fresh copy at
        // its second look (half the budget of 4), before the resume lets the copy run.
        var worker = await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string>
        {
            ["Worker__MaxDequeueCount"] = "4",
            ["Worker__SuspendedRecheck"] = "00:00:00.200",
        });
        while (!worker.Output.Contains("re-sent as a fresh copy", StringComparison.Ordinal))
        {
            await Task.Delay(100, timeout.Token);
        }

        using (var resume = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/resume?reason=test", timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }

        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(4, JobAssertions.Count(done, "succeeded"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(3000, i), timeout.Token);
    }
}
