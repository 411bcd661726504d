using System.Text.Json;
using ComputeEngine.Worker.Algorithms;

namespace ComputeEngine.Worker.Tests;

/// <summary>An external-process algorithm runs real programs: it sees no secrets and cannot flood the worker.</summary>
public sealed class ProcessAlgorithmBoundsTests
{
    private static JsonElement Input => JsonDocument.Parse("1").RootElement;

    [Fact]
    public async Task The_process_gets_an_explicit_environment_without_the_worker_s_storage_credentials()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Environment.SetEnvironmentVariable("ConnectionStrings__storage", "AccountKey=secret-of-the-worker");
        var algorithm = new ProcessAlgorithm("env", new ProcessAlgorithmOptions
        {
            Command = "sh",
            Arguments = ["-c", "printf '{\"storage\":\"%s\",\"mode\":\"%s\",\"path\":\"%s\"}' \"${ConnectionStrings__storage:-none}\" \"$MODE\" \"$PATH\""],
            Environment = new Dictionary<string, string> { ["MODE"] = "fast" },
        });

        var output = await algorithm.RunAsync(Input, timeout.Token);

        Assert.Equal("none", output.GetProperty("storage").GetString());
        Assert.Equal("fast", output.GetProperty("mode").GetString());
        Assert.NotEmpty(output.GetProperty("path").GetString()!);
    }

    [Fact]
    public async Task Output_beyond_the_bound_fails_the_item_and_stops_the_process()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var algorithm = new ProcessAlgorithm("flood", new ProcessAlgorithmOptions
        {
            Command = "sh",
            // Endless output: without a bound the worker would buffer until it runs out of memory.
            Arguments = ["-c", "yes '\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"'"],
            MaxOutputBytes = 1024 * 1024,
        });

        var error = await Assert.ThrowsAsync<PermanentFailureException>(() => algorithm.RunAsync(Input, timeout.Token).AsTask());

        Assert.Contains("more than 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_tail_of_a_flood_on_stderr_is_kept()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var algorithm = new ProcessAlgorithm("noisy", new ProcessAlgorithmOptions
        {
            Command = "sh",
            Arguments = ["-c", "head -c 50000000 /dev/zero | tr '\\0' x >&2; echo ' the end' >&2; exit 1"],
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => algorithm.RunAsync(Input, timeout.Token).AsTask());

        Assert.EndsWith("the end", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 10, 2048);
    }
}
