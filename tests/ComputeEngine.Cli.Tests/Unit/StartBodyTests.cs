using System.Text;
using System.Text.Json;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Inputs;

namespace ComputeEngine.Cli.Tests.Unit;

public sealed class StartBodyTests
{
    [Fact]
    public void A_count_body_carries_the_algorithm_and_batch_size_only_when_given()
    {
        Assert.Equal("""{"inputCount":5}""", Encoding.UTF8.GetString(StartBody.ForCount(5, new JobOptions(null, null))));
        Assert.Equal("""{"inputBlobPrefix":"uploads/x/","purgeInputs":true,"algorithm":"sleep","batchSize":3}""",
            Encoding.UTF8.GetString(StartBody.ForBlobPrefix("uploads/x/", new JobOptions("sleep", 3))));
    }

    [Fact]
    public void Priority_and_max_parallelism_are_sent_only_when_given()
    {
        Assert.Equal("""{"inputCount":5,"priority":5,"maxParallelism":2}""",
            Encoding.UTF8.GetString(StartBody.ForCount(5, new JobOptions(null, null, Priority: 5, MaxParallelism: 2))));
        Assert.Equal("""{"inputCount":5,"maxParallelism":7}""",
            Encoding.UTF8.GetString(StartBody.ForCount(5, new JobOptions(null, null, MaxParallelism: 7))));
    }

    [Fact]
    public async Task Json_lines_become_the_inputs_array_skipping_blank_lines()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new StringReader("[1,2]\n\n{\"ms\": 5}\n  \n\"text\"\n");

        var (body, count) = await StartBody.ForJsonLinesAsync(lines, "in.jsonl", new JobOptions("sum", null), timeout.Token);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(3, count);
        Assert.Equal(3, json.RootElement.GetProperty("inputs").GetArrayLength());
        Assert.Equal(5, json.RootElement.GetProperty("inputs")[1].GetProperty("ms").GetInt32());
        Assert.Equal("sum", json.RootElement.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_named_by_its_number()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new StringReader("[1,2]\n[3,\n");

        var error = await Assert.ThrowsAsync<CliException>(() => StartBody.ForJsonLinesAsync(lines, "in.jsonl", new JobOptions(null, null), timeout.Token));

        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.StartsWith("in.jsonl line 2 is not one JSON value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_inputs_file_is_refused()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<CliException>(() => StartBody.ForJsonLinesAsync(new StringReader("\n\n"), "in.jsonl", new JobOptions(null, null), timeout.Token));

        Assert.Contains("holds no inputs", error.Message, StringComparison.Ordinal);
    }
}
