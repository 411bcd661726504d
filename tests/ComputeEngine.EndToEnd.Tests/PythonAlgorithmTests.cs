using System.Text.RegularExpressions;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// Python algorithms through the real worker process in persistent mode (the shipped runner from the
/// worker's output): faults fail only their own items, every other output is its own input's, and SIGTERM
/// leaves no algorithm process behind.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class PythonAlgorithmTests(AzuriteFixture storage)
{
    private static Dictionary<string, string> Python(string name, string module) => new()
    {
        [$"Worker__Processes__{name}__Command"] = "python3",
        [$"Worker__Processes__{name}__Mode"] = "Persistent",
        [$"Worker__Processes__{name}__Arguments__0"] = "{WorkerDirectory}/runners/python/computeengine_runner.py",
        [$"Worker__Processes__{name}__Arguments__1"] = "--module",
        [$"Worker__Processes__{name}__Arguments__2"] = module,
        [$"Worker__Processes__{name}__MaxOutputBytes"] = "65536",
    };

    [Fact]
    public async Task Crashes_hangs_and_oversized_outputs_fail_only_their_items_and_every_other_output_is_its_own()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var settings = Python("py", PythonAlgorithms.FaultyModule);
        settings["Worker__ItemTimeout"] = "00:00:03";
        settings["Worker__MaxAttempts"] = "2";
        settings["Worker__Concurrency"] = "4";
        var worker = await engine.StartWorkerAsync(timeout.Token, settings);
        using var client = engine.Client();
        string[] faults = ["""{"kind":"crash"}""", """{"kind":"hang"}""", """{"kind":"flood","bytes":1000000}""", """{"kind":"raise","tag":1}""", """{"kind":"permanent"}"""];
        // Faults spread among sums, so a process a fault kills had served sums before and a fresh one serves the next.
        var inputs = Enumerable.Range(0, 60).Select(i => i % 12 == 5 ? faults[i / 12] : $"[{i},{2 * i},1]").ToArray();

        var id = (await client.StartAsync($$"""{"algorithm":"py","batchSize":10,"inputs":[{{string.Join(',', inputs)}}]}""", null, timeout.Token)).GetProperty("id").GetString()!;
        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal(55, JobAssertions.Count(done, "succeeded"));
        Assert.Equal(5, JobAssertions.Count(done, "failed"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i % 12 == 5 ? null : (3 * i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
        var errors = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Where(r => r.Status == ItemStatus.Failed).ToDictionary(r => r.Index / 12, r => r.Error ?? "");
        Assert.Contains("exited with code 3", errors[0], StringComparison.Ordinal);
        Assert.Contains("dying on purpose", errors[0], StringComparison.Ordinal);
        Assert.Contains("Worker:ItemTimeout", errors[1], StringComparison.Ordinal);
        Assert.Contains("more than 65536 bytes", errors[2], StringComparison.Ordinal);
        Assert.Contains("ValueError: bad luck 1", errors[3], StringComparison.Ordinal);
        Assert.Contains("never works", errors[4], StringComparison.Ordinal);

        worker.Terminate();
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker did not stop on SIGTERM");
        var started = StartedProcess().Matches(worker.Output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(started);
        foreach (var pid in started)
        {
            await ProcessExit.WaitUntilGoneAsync(pid, timeout.Token);
        }
    }

    [Fact]
    public async Task The_seed_s_python_module_runs_unchanged_as_a_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token, Python("seed", PythonAlgorithms.SeedModule));
        using var client = engine.Client();
        var inputs = Enumerable.Range(0, 6).Select(i => $"[{i},{i},1]").ToArray();

        var id = (await client.StartAsync($$"""{"algorithm":"seed","inputs":[{{string.Join(',', inputs)}}]}""", null, timeout.Token)).GetProperty("id").GetString()!;
        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => (2 * i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
    }

    [GeneratedRegex(@"Algorithm py: started process (\d+)")]
    private static partial Regex StartedProcess();
}
