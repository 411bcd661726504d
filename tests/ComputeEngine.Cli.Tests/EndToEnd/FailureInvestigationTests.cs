namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class FailureInvestigationTests(EngineFixture engine) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cli-e2e-");

    [Fact]
    public async Task Item_shows_every_attempt_of_a_failed_item_with_its_worker_error_and_stack_trace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = EngineFixture.NewId("item");
        var inputs = Path.Combine(_work.FullName, "inputs.jsonl");
        await File.WriteAllLinesAsync(inputs, ["""{"ms":1,"fail":true}""", """{"ms":2,"tag":"fine"}"""], timeout.Token);
        await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--id", id, "--wait");

        var failed = await engine.RunAsync(timeout.Token, "item", id, "0");
        var succeeded = await engine.RunAsync(timeout.Token, "item", id, "1");
        var missing = await engine.RunAsync(timeout.Token, "item", id, "7");

        Assert.True(failed.ExitCode == 0, failed.ToString());
        Assert.Contains($"Item 0 of job {id}: Failed after 5 attempts", failed.Output, StringComparison.Ordinal);
        Assert.Contains("""Input:  {"ms":1,"fail":true}""", failed.Output, StringComparison.Ordinal);
        Assert.Contains("Output: none (Failed)", failed.Output, StringComparison.Ordinal);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Contains($"#{attempt} Retried on worker-1, ", failed.Output, StringComparison.Ordinal);
        }

        Assert.Contains("#5 Failed on worker-1, ", failed.Output, StringComparison.Ordinal);
        Assert.Equal(5, failed.Output.Split('\n').Count(l => l.Contains(": InvalidOperationException: sleep: asked to fail.", StringComparison.Ordinal)));
        Assert.Equal(5, failed.Output.Split('\n').Count(l => l.Contains("at ComputeEngine.Worker.Algorithms.SleepAlgorithm.RunAsync", StringComparison.Ordinal)));
        Assert.Contains("""Output: {"sleptMs":2,"tag":"fine"}""", succeeded.Output, StringComparison.Ordinal);
        Assert.Contains("#1 Succeeded on worker-1", succeeded.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"has no item 7", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_dir_skips_files_not_matching_the_pattern_names_failed_files_and_results_exit_non_zero()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var folder = Directory.CreateDirectory(Path.Combine(_work.FullName, "inputs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.json"), """{"ms":1,"tag":"a"}""", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "b.json"), """{"ms":1,"fail":true}""", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "c.json"), """{"ms":1,"tag":"c"}""", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "README.txt"), "notes, not JSON", timeout.Token);
        var id = EngineFixture.NewId("pattern");

        var submit = await engine.RunAsync(timeout.Token, "submit", "--dir", folder, "--algorithm", "sleep", "--id", id, "--wait");
        var results = await engine.RunAsync(timeout.Token, "results", id);
        var textOnly = await engine.RunAsync(timeout.Token, "submit", "--dir", folder, "--pattern", "*.txt", "--algorithm", "sleep");

        Assert.True(submit.ExitCode == ExitCodes.JobFailed, submit.ToString());
        Assert.Contains("Uploaded 3 files", submit.Output, StringComparison.Ordinal);
        Assert.Contains("item 1 (b.json) after 5 attempts: InvalidOperationException: sleep: asked to fail.", submit.Output, StringComparison.Ordinal);
        Assert.Contains($"computeengine item {id} 1", submit.Output, StringComparison.Ordinal);
        Assert.True(results.ExitCode == ExitCodes.JobFailed, results.ToString());
        Assert.Equal(["""{"itemId":0,"output":{"sleptMs":1,"tag":"a"}}""", """{"itemId":2,"output":{"sleptMs":1,"tag":"c"}}"""],
            results.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("1 item failed and has no output (b.json)", results.Error, StringComparison.Ordinal);
        Assert.True(textOnly.ExitCode == ExitCodes.InvalidInput, textOnly.ToString());
        Assert.Contains("README.txt is not JSON", textOnly.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);
}
