using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>A batch's completion report must reach the orchestrator however long and however escaped its errors are.</summary>
[Collection(StorageCollection.Name)]
public sealed class CompletionSizeTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_full_batch_failing_with_long_non_ASCII_errors_ends_the_job_Failed_with_exact_counts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        var worker = await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        // Each of these characters is six bytes (\uXXXX) in the completion's JSON: 90 such errors are far
        // past a queue message's 64 KiB, which once left the job Running with every row final.
        var error = string.Concat(Enumerable.Repeat("ошибка <модели> & 'ç' \"+\" 失败 ", 80));
        var inputs = Enumerable.Range(0, 150).Select(i => i < 100 && i % 10 != 0
            ? $"{{\"ms\":1,\"tag\":{i},\"fail\":true,\"error\":{JsonSerializer.Serialize(error)}}}"
            : $"{{\"ms\":1,\"tag\":{i}}}");
        var id = (await client.StartAsync($"{{\"algorithm\":\"sleep\",\"batchSize\":100,\"inputs\":[{string.Join(",", inputs)}]}}", null, timeout.Token))
            .GetProperty("id").GetString()!;

        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Failed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal((60, 90), (JobAssertions.Count(done, "succeeded"), JobAssertions.Count(done, "failed")));
        var errors = done.GetProperty("output").GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("InvalidOperationException: ошибка <модели> & 'ç'", e.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal(5, e.GetProperty("attempts").GetInt32()));
        await JobAssertions.AssertOutputsMatchInputsAsync(
            storage, client, id, i => i < 100 && i % 10 != 0 ? null : JobAssertions.SleepOutput(1, i), timeout.Token);
        Assert.DoesNotContain(worker.Lines, l => l.Contains("RequestBodyTooLarge", StringComparison.Ordinal));
    }
}
