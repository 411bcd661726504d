using System.Net;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
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
        var body = SleepJob(items: 4, ms: 3000, batchSize: 4);
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

    [Fact]
    public async Task Worker_deaths_charge_attempts_only_to_items_that_could_have_started()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__VisibilityTimeout"] = "00:00:03";
        engine.Settings["Worker__Concurrency"] = "2";
        engine.Settings["Worker__MaxMessagesInFlight"] = "1";
        engine.Settings["Worker__MaxAttempts"] = "3";
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        const int items = 30, ms = 300;
        var body = SleepJob(items, ms, batchSize: 30);
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;

        // Each death strikes while the worker runs only items no earlier death struck, like spot evictions
        // through a job; so no item is ever struck twice and every item must end Succeeded.
        var struck = new HashSet<int>();
        var kills = 0;
        for (var round = 0; round < 4; round++)
        {
            var worker = await engine.StartWorkerAsync(timeout.Token);
            List<ItemRecord> running;
            do
            {
                await Task.Delay(50, timeout.Token);
                running = [.. (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Where(r => r.Status == ItemStatus.Running && r.Worker == worker.Name)];
            }
            while ((running.Count == 0 || running.Any(r => struck.Contains(r.Index))) && !(await client.GetStatusAsync(id, timeout.Token)).Body.GetProperty("runtimeStatus").GetString()!.Equals("Completed", StringComparison.Ordinal));

            if (running.Count == 0)
            {
                break;
            }

            worker.Kill();
            kills++;
            struck.UnionWith(running.Select(r => r.Index));
        }

        await engine.StartWorkerAsync(timeout.Token);
        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.True(kills >= 3, $"only {kills} deaths struck running items");
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(ms, i), timeout.Token);
        // A death may charge what the worker could start within Worker:ClaimAhead (1 s): 2 running + 2 × 1 s / 300 ms.
        var charged = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Sum(r => r.Attempts - 1);
        Assert.InRange(charged, 0, kills * (2 + (2 * 1000 / ms) + 1));
    }

    [Fact]
    public async Task A_job_of_slow_items_through_a_storm_of_scale_ins_and_kills_ends_Completed_with_every_output_its_own()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = new Engine(storage);
        engine.Settings["Worker__VisibilityTimeout"] = "00:00:04";
        engine.Settings["Worker__ShutdownTimeout"] = "00:00:00.500";
        engine.Settings["Worker__Concurrency"] = "4";
        await engine.StartOrchestratorAsync(timeout.Token);
        Task<ServiceProcess>[] workers = [Task.FromResult(await engine.StartWorkerAsync(timeout.Token)), Task.FromResult(await engine.StartWorkerAsync(timeout.Token))];
        using var client = engine.Client();
        const int items = 400, ms = 200;
        var body = SleepJob(items, ms, batchSize: 20);
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;

        // A fault after every 20 more settled items, alternately a scale-in (SIGTERM: drain, then release)
        // and a kill, each worker replaced while the other carries on: progress, not the clock, paces the storm.
        var faults = 0;
        for (var settled = 0; faults < 10; faults++)
        {
            var next = settled + 20;
            while ((settled = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count(r => ItemStatus.IsFinal(r.Status))) < next && settled < items)
            {
                await Task.Delay(100, timeout.Token);
            }

            if (settled >= items)
            {
                break;
            }

            var victim = await workers[faults % 2];
            if (faults % 2 == 0)
            {
                victim.Terminate();
            }
            else
            {
                victim.Kill();
            }

            workers[faults % 2] = engine.StartWorkerAsync(timeout.Token);
        }

        await Task.WhenAll(workers);
        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.True(faults >= 4, $"the job ended after {faults} faults; make it longer");
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(items, JobAssertions.Count(done, "succeeded"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(ms, i), timeout.Token);
    }

    // Each item sleeps and echoes its index, so every output can be checked against its own input.
    private static string SleepJob(int items, int ms, int batchSize) =>
        $"{{\"algorithm\":\"sleep\",\"batchSize\":{batchSize},\"inputs\":[" + string.Join(",", Enumerable.Range(0, items).Select(i => $"{{\"ms\":{ms},\"tag\":{i}}}")) + "]}";
}
