using System.Diagnostics;
using System.Text.Json;
using ComputeEngine.Testing;
using ComputeEngine.Worker.Algorithms;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeEngine.Worker.Tests;

/// <summary>
/// Persistent algorithm processes, with real Python through the shipped runner: one process serves many
/// items, and a crash, hang or oversized output fails only the item it held and restarts the process.
/// </summary>
public sealed class PersistentProcessTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static PersistentProcessAlgorithm Python(
        string module, int maxOutputBytes = 16 * 1024 * 1024, Dictionary<string, string>? environment = null, string[]? runnerArguments = null) =>
        new("py", new ProcessAlgorithmOptions
        {
            Command = "python3",
            Arguments = ["{WorkerDirectory}/runners/python/computeengine_runner.py", "--module", module, .. runnerArguments ?? []],
            Mode = ProcessMode.Persistent,
            MaxOutputBytes = maxOutputBytes,
            Environment = environment ?? [],
        }, NullLogger.Instance);

    [Fact]
    public void The_seed_s_module_the_tests_run_is_the_seed_s_file_byte_for_byte()
    {
        // Clones made away from shared/ (CI) run the copy; both must be exactly the file the user gave.
        Assert.Equal(PythonAlgorithms.SeedModuleSha256, PythonAlgorithms.Sha256(PythonAlgorithms.CopiedSeedModule));
        Assert.Equal(PythonAlgorithms.SeedModuleSha256, PythonAlgorithms.Sha256(PythonAlgorithms.SeedModule));
    }

    [Fact]
    public async Task The_seed_s_module_runs_unchanged_and_its_items_run_concurrently()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.SeedModule);
        int[][] inputs = [[1, 1], [2, 3, 4], [10, -3], [100]];
        var watch = Stopwatch.StartNew();

        var outputs = await Task.WhenAll(inputs.Select(i => algorithm.RunAsync(Json(JsonSerializer.Serialize(i)), timeout.Token).AsTask()));

        Assert.Equal(inputs.Select(i => (long)i.Sum()), outputs.Select(o => o.GetInt64()));
        // Each item sleeps 5 s (the seed's own time.sleep(5)): together they take about that, not 4 × 5 s.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        Assert.Equal(inputs.Length, algorithm.ProcessIds.Count);
    }

    [Fact]
    public async Task One_process_serves_item_after_item()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule);

        var first = await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i + 1, (await algorithm.RunAsync(Json($"[{i}, 1]"), timeout.Token)).GetInt32());
        }

        var last = await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token);
        Assert.Equal(first.GetInt32(), last.GetInt32());
        Assert.Equal([first.GetInt32()], algorithm.ProcessIds);
    }

    [Fact]
    public async Task A_python_exception_fails_the_attempt_with_its_traceback_and_the_process_goes_on()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule);
        var pid = (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32();

        var error = await Assert.ThrowsAsync<AlgorithmProcessException>(() => algorithm.RunAsync(Json("""{"kind":"raise","tag":7}"""), timeout.Token).AsTask());
        var permanent = await Assert.ThrowsAsync<PermanentFailureException>(() => algorithm.RunAsync(Json("""{"kind":"permanent"}"""), timeout.Token).AsTask());

        Assert.Contains("ValueError: bad luck 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("faulty_algorithm.py", error.Message, StringComparison.Ordinal);
        Assert.Contains("never works", permanent.Message, StringComparison.Ordinal);
        Assert.Equal(pid, (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task What_the_module_prints_does_not_break_the_protocol()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule);

        Assert.Equal("a", (await algorithm.RunAsync(Json("""{"kind":"print","tag":"a"}"""), timeout.Token)).GetString());
        Assert.Equal(3, (await algorithm.RunAsync(Json("[1,2]"), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task A_crash_fails_only_its_item_with_the_stderr_tail_and_the_process_is_restarted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule);
        var pid = (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32();

        var error = await Assert.ThrowsAsync<AlgorithmProcessException>(() => algorithm.RunAsync(Json("""{"kind":"crash"}"""), timeout.Token).AsTask());

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fault crash", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("dying on purpose", error.Message, StringComparison.Ordinal);
        Assert.Empty(algorithm.ProcessIds);
        Assert.NotEqual(pid, (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32());
        Assert.Equal(5, (await algorithm.RunAsync(Json("[2,3]"), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task A_hung_item_is_cancelled_by_killing_its_process_and_the_next_item_gets_a_fresh_one()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule);
        var pid = (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32();
        using var itemTimeout = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        itemTimeout.CancelAfter(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => algorithm.RunAsync(Json("""{"kind":"hang"}"""), itemTimeout.Token).AsTask());

        await ProcessExit.WaitUntilGoneAsync(pid, timeout.Token);
        Assert.Empty(algorithm.ProcessIds);
        Assert.Equal(7, (await algorithm.RunAsync(Json("[3,4]"), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task A_line_longer_than_the_bound_fails_the_item_and_restarts_the_process()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule, maxOutputBytes: 64 * 1024);
        var pid = (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32();

        var small = await algorithm.RunAsync(Json("""{"kind":"flood","bytes":1000}"""), timeout.Token);
        var error = await Assert.ThrowsAsync<PermanentFailureException>(() => algorithm.RunAsync(Json("""{"kind":"flood","bytes":10000000}"""), timeout.Token).AsTask());

        Assert.Equal(1000, small.GetString()!.Length);
        Assert.Contains("more than 65536 bytes", error.Message, StringComparison.Ordinal);
        await ProcessExit.WaitUntilGoneAsync(pid, timeout.Token);
        Assert.Equal(9, (await algorithm.RunAsync(Json("[4,5]"), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task Memory_beyond_the_runner_s_bound_fails_the_item_and_the_process_goes_on()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var algorithm = Python(PythonAlgorithms.FaultyModule, runnerArguments: ["--max-memory-mb", "300"]);
        var pid = (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32();

        var small = await algorithm.RunAsync(Json("""{"kind":"allocate","bytes":10000000}"""), timeout.Token);
        var error = await Assert.ThrowsAsync<AlgorithmProcessException>(() => algorithm.RunAsync(Json("""{"kind":"allocate","bytes":2000000000}"""), timeout.Token).AsTask());

        Assert.Equal(10_000_000, small.GetInt32());
        Assert.Contains("MemoryError", error.Message, StringComparison.Ordinal);
        Assert.Equal(pid, (await algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token)).GetInt32());
    }

    [Fact]
    public async Task The_processes_get_an_explicit_environment_without_the_worker_s_storage_credentials()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Environment.SetEnvironmentVariable("ConnectionStrings__storage", "AccountKey=secret-of-the-worker");
        using var algorithm = Python(PythonAlgorithms.FaultyModule, environment: new() { ["MODE"] = "fast" });

        var output = await algorithm.RunAsync(Json("""{"kind":"env","names":["ConnectionStrings__storage","MODE","PATH"]}"""), timeout.Token);

        Assert.Equal(JsonValueKind.Null, output.GetProperty("ConnectionStrings__storage").ValueKind);
        Assert.Equal("fast", output.GetProperty("MODE").GetString());
        Assert.NotEmpty(output.GetProperty("PATH").GetString()!);
    }

    [Fact]
    public async Task Disposing_stops_every_process()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var algorithm = Python(PythonAlgorithms.FaultyModule);
        var pids = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => algorithm.RunAsync(Json("""{"kind":"pid"}"""), timeout.Token).AsTask()));

        algorithm.Dispose();

        foreach (var pid in pids.Select(p => p.GetInt32()))
        {
            await ProcessExit.WaitUntilGoneAsync(pid, timeout.Token);
        }
    }
}
