using System.Text.Json;

namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class SubmitTests(EngineFixture engine) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cli-e2e-");

    [Fact]
    public async Task A_folder_of_json_files_runs_to_completion_and_results_come_back_named_after_each_input_file()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var inputs = Directory.CreateDirectory(Path.Combine(_work.FullName, "inputs"));
        var expected = new Dictionary<string, int>();
        for (var i = 0; i < 30; i++)
        {
            // Names whose ordinal order is not numeric order, some in a subfolder: outputs must follow names, not positions.
            var name = i % 5 == 0 ? $"sub/n{i}.json" : $"n{i}.json";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(inputs.FullName, name))!);
            await File.WriteAllTextAsync(Path.Combine(inputs.FullName, name), $"[{i}, 1]", timeout.Token);
            expected[name] = i + 1;
        }

        var id = EngineFixture.NewId("dir");
        var submit = await engine.RunAsync(timeout.Token, "submit", "--dir", inputs.FullName, "--algorithm", "sum", "--batch-size", "4", "--id", id, "--wait");
        var outFolder = Path.Combine(_work.FullName, "out");
        var results = await engine.RunAsync(timeout.Token, "results", id, "--out", outFolder);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains("Uploaded 30 files", submit.Output, StringComparison.Ordinal);
        Assert.Contains($"Job {id} Completed: 30 of 30 items succeeded", submit.Output, StringComparison.Ordinal);
        Assert.True(results.ExitCode == 0, results.ToString());
        Assert.Contains("Wrote 30 outputs", results.Output, StringComparison.Ordinal);
        var written = Directory.GetFiles(outFolder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(outFolder, f).Replace('\\', '/'), f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetInt32());
        Assert.Equal(expected.OrderBy(e => e.Key), written.OrderBy(e => e.Key));

        // The files were uploaded for this job alone: purging the job deletes them too.
        var prefix = submit.Output.Split('\n').Single(l => l.StartsWith("Uploaded ", StringComparison.Ordinal)).Split(" to input/")[1].Trim();
        var purge = await engine.RunAsync(timeout.Token, "purge", id);
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Empty(await engine.Storage.BlobNamesAsync(ComputeEngine.Contracts.Storage.StorageNames.InputContainer, prefix, timeout.Token));
    }

    [Fact]
    public async Task A_json_lines_file_runs_one_item_per_line_and_its_results_come_back_as_json_lines()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var inputs = Path.Combine(_work.FullName, "inputs.jsonl");
        await File.WriteAllLinesAsync(inputs, [.. Enumerable.Range(0, 20).Select(i => $"[{i}, 2]"), ""], timeout.Token);
        var id = EngineFixture.NewId("jsonl");

        var submit = await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--batch-size", "3", "--id", id, "--wait");
        var jsonl = Path.Combine(_work.FullName, "results.jsonl");
        var toFile = await engine.RunAsync(timeout.Token, "results", id, "--jsonl", jsonl);
        var toStdout = await engine.RunAsync(timeout.Token, "results", id);

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        var fileLines = (await File.ReadAllLinesAsync(jsonl, timeout.Token)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(0, 20), fileLines.Select(l => l.GetProperty("itemId").GetInt32()));
        Assert.All(fileLines, l => Assert.Equal(l.GetProperty("itemId").GetInt32() + 2, l.GetProperty("output").GetInt32()));
        Assert.Equal(await File.ReadAllTextAsync(jsonl, timeout.Token), toStdout.Output);
        Assert.Empty(toStdout.Error);
    }

    [Fact]
    public async Task A_count_starts_a_job_that_watch_follows_to_Completed_with_exit_code_0()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var submit = await engine.RunAsync(timeout.Token, "submit", "--count", "25");
        var id = submit.Output.Split('\n')[0].Replace("Started job ", "", StringComparison.Ordinal).Trim();
        var watch = await engine.RunAsync(timeout.Token, "watch", id);
        var status = await engine.RunAsync(timeout.Token, "status", id);
        var json = await engine.RunAsync(timeout.Token, "status", id, "--json");

        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.Contains($"computeengine watch {id}", submit.Output, StringComparison.Ordinal);
        Assert.True(watch.ExitCode == 0, watch.ToString());
        Assert.Contains("Completed: 25/25 done, 0 failed", watch.Output, StringComparison.Ordinal);
        Assert.Contains($"Job {id} Completed: 25 of 25 items succeeded", watch.Output, StringComparison.Ordinal);
        Assert.Contains("25 of 25 done: 25 succeeded, 0 failed", status.Output, StringComparison.Ordinal);
        Assert.Contains("25 generated inputs", status.Output, StringComparison.Ordinal);
        Assert.Equal(25, JsonDocument.Parse(json.Output).RootElement.GetProperty("output").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Submitting_an_id_that_exists_prints_the_problem_title_and_detail()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var id = EngineFixture.NewId("twice");

        var first = await engine.RunAsync(timeout.Token, "submit", "--count", "1", "--id", id);
        var second = await engine.RunAsync(timeout.Token, "submit", "--count", "1", "--id", id);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(ExitCodes.RequestFailed, second.ExitCode);
        Assert.Equal($"error: Instance already exists: An instance with id '{id}' already exists. (409)", second.Error.Trim());
    }

    public void Dispose() => _work.Delete(recursive: true);
}
