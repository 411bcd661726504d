using System.Net;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class RewindTests(AzuriteFixture storage)
{
    private const int Total = 1200;

    [Fact]
    public async Task A_rewind_accepted_while_the_previous_rewind_re_dispatches_is_not_lost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__MaxAttempts"] = "1" });
        using var client = engine.Client();
        var fault = JobWaits.FaultFile();
        var inputs = Enumerable.Range(0, Total).Select(i => $"{{\"ms\":1,\"tag\":{i},\"failWhileExists\":{JsonSerializer.Serialize(fault)}}}");
        var id = (await client.StartAsync($"{{\"algorithm\":\"sleep\",\"batchSize\":10,\"inputs\":[{string.Join(",", inputs)}]}}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        var failed = await JobWaits.EndsWithinAsync(client, id, TimeSpan.FromMinutes(1), timeout.Token);

        await RewindAsync(client, id, timeout.Token);
        // The re-dispatch walks 120 batches; its first batches fail again (the fault is still there) and are
        // counted long before it reaches the last, so this rewind lands while it runs.
        var refailing = await JobWaits.FailedAtLeastAsync(client, id, 1, timeout.Token);
        await RewindAsync(client, id, timeout.Token);
        var failedAgain = await JobWaits.EndsWithinAsync(client, id, TimeSpan.FromMinutes(1), timeout.Token);
        File.Delete(fault);
        await RewindAsync(client, id, timeout.Token);
        var completed = await JobWaits.EndsWithinAsync(client, id, TimeSpan.FromMinutes(1), timeout.Token);

        Assert.Equal(("Failed", 0, Total), (failed.GetProperty("runtimeStatus").GetString(), JobAssertions.Count(failed, "succeeded"), JobAssertions.Count(failed, "failed")));
        Assert.Equal("Running", refailing.GetProperty("runtimeStatus").GetString());
        Assert.Equal(("Failed", 0, Total), (failedAgain.GetProperty("runtimeStatus").GetString(), JobAssertions.Count(failedAgain, "succeeded"), JobAssertions.Count(failedAgain, "failed")));
        Assert.Equal(("Completed", Total, 0), (completed.GetProperty("runtimeStatus").GetString(), JobAssertions.Count(completed, "succeeded"), JobAssertions.Count(completed, "failed")));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
        Assert.Equal(Total, (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count);
    }

    private static async Task RewindAsync(DurableClient client, string id, CancellationToken cancellationToken)
    {
        using var rewind = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind?reason=again", cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, rewind.StatusCode);
    }
}
