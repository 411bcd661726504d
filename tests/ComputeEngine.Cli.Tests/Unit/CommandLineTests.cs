using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.Unit;

/// <summary>What the CLI says before, or instead of, talking to an orchestrator.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await CliRun.RunAsync(timeout.Token, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "submit", "watch", "status", "list", "results", "terminate", "rewind", "purge" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Give exactly one of --count, --inputs or --dir.", "submit")]
    [InlineData("Give exactly one of --count, --inputs or --dir.", "submit", "--count", "3", "--dir", ".")]
    [InlineData("--count must be at least 1.", "submit", "--count", "0")]
    [InlineData("Give --out or --jsonl, not both.", "results", "x", "--out", "a", "--jsonl", "b")]
    [InlineData("--top must be at least 1.", "list", "--top", "0")]
    public async Task A_wrong_command_line_says_what_is_wrong_and_exits_4(string message, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await CliRun.RunAsync(timeout.Token, args);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_one_line_naming_the_url_and_the_apphost_with_exit_code_3()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        var result = await CliRun.RunAsync(timeout.Token, "status", "some-job", "--url", url);

        Assert.Equal(ExitCodes.RequestFailed, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: Cannot reach the orchestrator at {url}", line, StringComparison.Ordinal);
        Assert.Contains("AppHost", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task The_url_falls_back_to_COMPUTEENGINE_URL()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["COMPUTEENGINE_URL"] = url }, timeout.Token, "list");

        Assert.Equal(ExitCodes.RequestFailed, result.ExitCode);
        Assert.Contains($"Cannot reach the orchestrator at {url}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_refused_before_any_request()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await CliRun.RunAsync(timeout.Token, "list", "--url", "localhost:7071");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--url must be an absolute http or https URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_with_a_json_file_that_is_not_json_is_refused_naming_the_file()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var folder = Directory.CreateTempSubdirectory("cli-bad-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "a.json"), "[1,2]", timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "b.json"), "hello", timeout.Token);
        // Not *.json: --dir leaves it out rather than refusing the folder.
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "notes.txt"), "hello", timeout.Token);

        var result = await CliRun.RunAsync(timeout.Token, "submit", "--dir", folder.FullName, "--url", $"http://127.0.0.1:{FreePorts.Next()}");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("b.json is not JSON", result.Error, StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_missing_inputs_file_or_folder_is_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var file = await CliRun.RunAsync(timeout.Token, "submit", "--inputs", "/no/such/file.jsonl");
        var folder = await CliRun.RunAsync(timeout.Token, "submit", "--dir", "/no/such/folder");

        Assert.Equal(ExitCodes.InvalidInput, file.ExitCode);
        Assert.Contains("'/no/such/file.jsonl' does not exist", file.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, folder.ExitCode);
        Assert.Contains("'/no/such/folder' does not exist", folder.Error, StringComparison.Ordinal);
    }
}
