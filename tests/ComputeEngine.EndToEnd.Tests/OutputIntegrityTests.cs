using System.Net;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>A blob once written is never replaced: every output read back is the one its own input produced.</summary>
[Collection(StorageCollection.Name)]
public sealed class OutputIntegrityTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Rewinding_a_batch_whose_first_item_failed_keeps_the_outputs_of_its_other_items()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var fault = Path.Combine(Directory.CreateTempSubdirectory("fault-").FullName, "on");
        await File.WriteAllTextAsync(fault, "", timeout.Token);
        // Item 0 opens each batch's first pass; items 1-3 write their outputs into that same pass's blob.
        var inputs = Enumerable.Range(0, 8).Select(i => i % 4 == 0
            ? $"{{\"ms\":1,\"tag\":{i},\"failWhileExists\":{System.Text.Json.JsonSerializer.Serialize(fault)}}}"
            : $"{{\"ms\":1,\"tag\":{i}}}");
        var id = (await client.StartAsync($"{{\"algorithm\":\"sleep\",\"batchSize\":4,\"inputs\":[{string.Join(",", inputs)}]}}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        Assert.Equal("Failed", (await client.WaitForAsync(id, timeout.Token)).GetProperty("runtimeStatus").GetString());

        File.Delete(fault);
        using var rewind = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind?reason=fixed", timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, rewind.StatusCode);
        var done = await client.WaitForAsync(id, timeout.Token, "Completed", "Failed");

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
    }
}
