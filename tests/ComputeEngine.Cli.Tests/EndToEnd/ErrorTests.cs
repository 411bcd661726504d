using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class ErrorTests(EngineFixture engine)
{
    [Theory]
    [InlineData("status")]
    [InlineData("watch")]
    [InlineData("results")]
    [InlineData("terminate")]
    [InlineData("rewind")]
    [InlineData("purge")]
    public async Task An_unknown_job_is_one_line_saying_so_with_exit_code_3(string command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var result = await engine.RunAsync(timeout.Token, command, "no-such-job");

        Assert.Equal(ExitCodes.RequestFailed, result.ExitCode);
        Assert.Equal(
            $"error: Unknown job 'no-such-job': the orchestrator at {engine.Environment["COMPUTEENGINE_URL"]} has no job with that id (404).",
            result.Error.Trim());
    }

    [Fact]
    public async Task An_orchestrator_with_a_key_answers_401_without_it_and_serves_every_command_with_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var keyed = new Engine(engine.Storage);
        keyed.Settings["Orchestrator__ApiKey"] = "s3cret-key";
        await keyed.StartOrchestratorAsync(timeout.Token);
        var url = $"http://127.0.0.1:{keyed.OrchestratorPort}";
        var id = EngineFixture.NewId("keyed");

        var withoutKey = await CliRun.RunAsync(timeout.Token, "list", "--url", url);
        var wrongKey = await CliRun.RunAsync(timeout.Token, "status", id, "--url", url, "--key", "nope");
        var submit = await CliRun.RunAsync(timeout.Token, "submit", "--count", "2", "--id", id, "--url", url, "--key", "s3cret-key");
        var fromEnvironment = await CliRun.RunAsync(
            new Dictionary<string, string> { ["COMPUTEENGINE_URL"] = url, ["COMPUTEENGINE_KEY"] = "s3cret-key" }, timeout.Token, "status", id);

        Assert.Equal(ExitCodes.RequestFailed, withoutKey.ExitCode);
        Assert.Equal($"error: The orchestrator at {url} requires a key (401 Unauthorized): pass --key or set COMPUTEENGINE_KEY.", withoutKey.Error.Trim());
        Assert.Equal(ExitCodes.RequestFailed, wrongKey.ExitCode);
        Assert.Contains("rejected the key (401 Unauthorized)", wrongKey.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", wrongKey.Error, StringComparison.Ordinal);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Contains(id, fromEnvironment.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_upload_to_unreachable_storage_says_which_storage_and_how_to_point_elsewhere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var folder = Directory.CreateTempSubdirectory("cli-storage-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "a.json"), "[1,1]", timeout.Token);
        var port = FreePorts.Next();
        var storage = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.DevAccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

        var result = await engine.RunAsync(timeout.Token, "submit", "--dir", folder.FullName, "--storage", storage);
        folder.Delete(recursive: true);

        Assert.Equal(ExitCodes.RequestFailed, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Cannot upload the inputs to storage at http://127.0.0.1:{port}/devstoreaccount1", line, StringComparison.Ordinal);
        Assert.Contains("--storage", line, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.DevAccountKey, line, StringComparison.Ordinal);
    }
}
