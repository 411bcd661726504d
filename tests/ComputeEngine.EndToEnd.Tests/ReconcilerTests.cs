using System.Net;
using System.Text;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>Completions that never arrive (poisoned, deleted, or never sent by Event Grid) are recounted from the item rows.</summary>
[Collection(StorageCollection.Name)]
public sealed class ReconcilerTests(AzuriteFixture storage)
{
    private const int Total = 200;
    private const int FailingItem = 7;

    [Fact]
    public async Task A_job_whose_completions_are_all_lost_still_completes_with_every_output()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = await StartAsync(timeout.Token);
        using var client = engine.Client();
        var id = await StartJobAsync(client, failing: null, timeout.Token);

        var done = await EndsWhileDroppingCompletionsAsync(client, id, timeout.Token);

        Assert.Equal(("Completed", Total, 0), Counts(done));
        Assert.Equal(Total, JobAssertions.Count(done, "dispatched"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(1, i), timeout.Token);
        Assert.Equal(Total, (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).Count);
    }

    [Fact]
    public async Task A_job_whose_completions_are_all_lost_ends_Failed_with_its_failed_item_counted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = await StartAsync(timeout.Token);
        using var client = engine.Client();
        var id = await StartJobAsync(client, FailingItem, timeout.Token);

        var done = await EndsWhileDroppingCompletionsAsync(client, id, timeout.Token);

        Assert.Equal(("Failed", Total - 1, 1), Counts(done));
        var error = Assert.Single(done.GetProperty("output").GetProperty("errors").EnumerateArray());
        Assert.Equal(FailingItem, error.GetProperty("itemId").GetInt32());
        Assert.Equal(2, error.GetProperty("attempts").GetInt32());
        Assert.Contains("asked to fail", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i == FailingItem ? null : JobAssertions.SleepOutput(1, i), timeout.Token);
    }

    [Fact]
    public async Task With_Event_Grid_as_the_only_fan_in_a_failed_item_ends_the_job_Failed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = await StartAsync(timeout.Token);
        using var client = engine.Client();
        var id = await StartJobAsync(client, FailingItem, timeout.Token);
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)) is var rows && (rows.Count < Total || rows.Any(r => !ItemStatus.IsFinal(r.Status))))
        {
            await Task.Delay(100, timeout.Token);
        }

        // What Event Grid delivers: one BlobCreated per output blob. A pass in which every item failed writes no blob.
        foreach (var blob in await EventGridDelivery.OutputBlobsAsync(storage, id, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, await EventGridDelivery.PostAsync(client.Http, blob, cloudEvents: false, timeout.Token));
        }

        var done = await JobWaits.EndsWithinAsync(client, id, TimeSpan.FromMinutes(1), timeout.Token);

        Assert.Equal(("Failed", Total - 1, 1), Counts(done));
        Assert.Equal(FailingItem, Assert.Single(done.GetProperty("output").GetProperty("errors").EnumerateArray()).GetProperty("itemId").GetInt32());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i == FailingItem ? null : JobAssertions.SleepOutput(1, i), timeout.Token);
    }

    private async Task<Engine> StartAsync(CancellationToken cancellationToken)
    {
        var engine = new Engine(storage);
        engine.Settings["Orchestrator__ListenToCompletionQueue"] = "false";
        engine.Settings["Orchestrator__ReconcileAfter"] = "00:00:02";
        engine.Settings["Orchestrator__ReconcileScanInterval"] = "00:00:00.500";
        await engine.StartOrchestratorAsync(cancellationToken);
        await engine.StartWorkerAsync(cancellationToken, new Dictionary<string, string> { ["Worker__MaxAttempts"] = "2" });
        return engine;
    }

    private static async Task<string> StartJobAsync(DurableClient client, int? failing, CancellationToken cancellationToken)
    {
        var inputs = Enumerable.Range(0, Total).Select(i => i == failing ? $"{{\"ms\":1,\"tag\":{i},\"fail\":true}}" : $"{{\"ms\":1,\"tag\":{i}}}");
        var started = await client.StartAsync($"{{\"algorithm\":\"sleep\",\"batchSize\":10,\"inputs\":[{string.Join(",", inputs)}]}}", null, cancellationToken);
        return started.GetProperty("id").GetString()!;
    }

    // Nothing listens to the completions queue; deleting what the workers report is the lost completion.
    private async Task<JsonElement> EndsWhileDroppingCompletionsAsync(DurableClient client, string id, CancellationToken cancellationToken)
    {
        var completions = storage.Clients.Queue(StorageNames.CompletionQueue);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromMinutes(1));
        var dropping = Task.Run(async () =>
        {
            while (!bound.IsCancellationRequested)
            {
                await completions.ClearMessagesAsync(CancellationToken.None);
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);
        try
        {
            return await JobWaits.EndsWithinAsync(client, id, TimeSpan.FromMinutes(1), cancellationToken);
        }
        finally
        {
            await bound.CancelAsync();
            await dropping;
        }
    }

    private static (string?, int, int) Counts(JsonElement status) =>
        (status.GetProperty("runtimeStatus").GetString(), JobAssertions.Count(status, "succeeded"), JobAssertions.Count(status, "failed"));
}
