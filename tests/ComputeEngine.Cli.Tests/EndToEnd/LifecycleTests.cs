using System.Diagnostics;
using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class LifecycleTests(EngineFixture engine) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cli-e2e-");

    [Fact]
    public async Task Watch_of_a_failing_job_exits_1_and_prints_its_errors()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = EngineFixture.NewId("fail");
        var inputs = await InputsAsync("""{"ms":1,"fail":true}""", timeout.Token);

        var submit = await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--id", id);
        var watch = await engine.RunAsync(timeout.Token, "watch", id);

        Assert.Equal(0, submit.ExitCode);
        Assert.True(watch.ExitCode == ExitCodes.JobFailed, watch.ToString());
        Assert.Contains($"Job {id} Failed: 1 of 1 items failed", watch.Output, StringComparison.Ordinal);
        Assert.Contains("item 0 after 5 attempts: ", watch.Output, StringComparison.Ordinal);
        Assert.Contains("asked to fail", watch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminated_job_ends_watch_with_exit_code_2()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = EngineFixture.NewId("terminate");
        var inputs = await InputsAsync(string.Join('\n', Enumerable.Repeat("""{"ms":2000}""", 40)), timeout.Token);

        var submit = await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--batch-size", "1", "--id", id);
        var terminate = await engine.RunAsync(timeout.Token, "terminate", id, "--reason", "enough");
        var watch = await engine.RunAsync(timeout.Token, "watch", id);
        var again = await engine.RunAsync(timeout.Token, "terminate", id);

        Assert.Equal(0, submit.ExitCode);
        Assert.True(terminate.ExitCode == 0, terminate.ToString());
        Assert.Equal($"Terminated job {id}.", terminate.Output.Trim());
        Assert.True(watch.ExitCode == ExitCodes.JobTerminated, watch.ToString());
        Assert.Contains($"Job {id} Terminated", watch.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.RequestFailed, again.ExitCode);
        Assert.Contains("Instance is finished: ", again.Error, StringComparison.Ordinal);
        Assert.Contains("(410)", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewind_runs_the_failed_items_of_a_failed_job_again_until_it_completes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = EngineFixture.NewId("rewind");
        // The second item fails while the gate exists; deleting it is the fix that makes a rewind worth it.
        // A clock-based fault (failUntil) raced the machine: under load the item first ran after it had passed.
        var gate = Gates.Create();
        var inputs = await InputsAsync($$"""{"ms":1}""" + "\n" + $$"""{"ms":1,"failWhileExists":{{Gates.Json(gate)}}}""", timeout.Token);

        var first = await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--id", id, "--wait");
        File.Delete(gate);

        var rewind = await engine.RunAsync(timeout.Token, "rewind", id, "--reason", "fixed");
        var watch = await engine.RunAsync(timeout.Token, "watch", id);
        var rewindCompleted = await engine.RunAsync(timeout.Token, "rewind", id);

        Assert.True(first.ExitCode == ExitCodes.JobFailed, first.ToString());
        Assert.True(rewind.ExitCode == 0, rewind.ToString());
        Assert.StartsWith($"Rewinding job {id}", rewind.Output, StringComparison.Ordinal);
        Assert.True(watch.ExitCode == 0, watch.ToString());
        Assert.Contains($"Job {id} Completed: 2 of 2 items succeeded", watch.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.RequestFailed, rewindCompleted.ExitCode);
        Assert.Equal($"error: Instance is in the wrong state: Instance '{id}' is not Failed; it cannot be rewound in that state. (412)", rewindCompleted.Error.Trim());
    }

    [Fact]
    public async Task Purge_deletes_a_finished_job_and_refuses_a_running_one()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var finished = EngineFixture.NewId("purged");
        var running = EngineFixture.NewId("busy");
        var slow = await InputsAsync(string.Join('\n', Enumerable.Repeat("""{"ms":3000}""", 20)), timeout.Token);

        await engine.RunAsync(timeout.Token, "submit", "--count", "3", "--id", finished, "--wait");
        await engine.RunAsync(timeout.Token, "submit", "--inputs", slow, "--algorithm", "sleep", "--batch-size", "1", "--id", running);
        var purge = await engine.RunAsync(timeout.Token, "purge", finished);
        var statusAfter = await engine.RunAsync(timeout.Token, "status", finished);
        var purgeRunning = await engine.RunAsync(timeout.Token, "purge", running);
        await engine.RunAsync(timeout.Token, "terminate", running);

        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Equal($"Purged job {finished}.", purge.Output.Trim());
        Assert.Equal(ExitCodes.RequestFailed, statusAfter.ExitCode);
        Assert.Contains($"Unknown job '{finished}'", statusAfter.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.RequestFailed, purgeRunning.ExitCode);
        Assert.Contains("Instance is in the wrong state", purgeRunning.Error, StringComparison.Ordinal);
        Assert.Contains("(412)", purgeRunning.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_watch_stops_watching_but_not_the_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var id = EngineFixture.NewId("ctrlc");
        var inputs = await InputsAsync(string.Join('\n', Enumerable.Repeat("""{"ms":2000}""", 10)), timeout.Token);
        await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--batch-size", "1", "--id", id);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        ctrlC.CancelAfter(TimeSpan.FromSeconds(1));

        var watch = await engine.RunAsync(ctrlC.Token, "watch", id);
        var status = await engine.RunAsync(timeout.Token, "status", id, "--json");
        await engine.RunAsync(timeout.Token, "terminate", id);

        Assert.Equal(ExitCodes.Cancelled, watch.ExitCode);
        Assert.Contains($"Stopped watching job {id}; the job goes on.", watch.Error, StringComparison.Ordinal);
        Assert.Contains("\"runtimeStatus\": \"Running\"", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_a_suspended_job_says_how_many_items_still_run_until_they_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = EngineFixture.NewId("suspend");
        // The worker runs 8 at once: 8 items run, 2 wait for the next wave and stay for the resume.
        var inputs = await InputsAsync(string.Join('\n', Enumerable.Repeat("""{"ms":4000}""", 10)), timeout.Token);
        Assert.Equal(0, (await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--batch-size", "10", "--id", id)).ExitCode);
        using var client = engine.Engine.Client();
        // The worker's heartbeat (every 2 s) shows the items running before the job is suspended.
        var running = Stopwatch.StartNew();
        while (!(await engine.RunAsync(timeout.Token, "item", id, "2")).Output.Contains("Running", StringComparison.Ordinal))
        {
            Assert.True(running.Elapsed < TimeSpan.FromSeconds(30), "the items never ran");
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5), timeout.Token);
        using (var suspend = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/suspend?reason=test", timeout.Token))
        {
            suspend.EnsureSuccessStatusCode();
        }

        var stopping = await engine.RunAsync(timeout.Token, "status", id);
        CliResult after;
        var stopped = Stopwatch.StartNew();
        do
        {
            after = await engine.RunAsync(timeout.Token, "status", id);
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(20), after.ToString());
        }
        while (after.Output.Contains("still running", StringComparison.Ordinal));

        Assert.Matches(@"Suspended \(stopping: [1-8] still running\)", stopping.Output);
        Assert.Contains("Suspended", after.Output, StringComparison.Ordinal);
        Assert.Contains("of 10 done", after.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await engine.RunAsync(timeout.Token, "terminate", id)).ExitCode);
    }

    private async Task<string> InputsAsync(string lines, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_work.FullName, $"{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, lines + "\n", cancellationToken);
        return path;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
