using System.Net;
using System.Text;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class EventGridTests(AzuriteFixture storage)
{
    private const string Endpoint = EventGridDelivery.Endpoint;

    [Fact]
    public async Task Both_subscription_validation_handshakes_are_answered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var validation = """[{"id":"1","topic":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-24T10:00:00Z","data":{"validationCode":"code-123"},"dataVersion":"1","metadataVersion":"1"}]""";

        using var answer = await client.Http.PostAsync(Endpoint, new StringContent(validation, Encoding.UTF8, "application/json"), timeout.Token);
        using var options = new HttpRequestMessage(HttpMethod.Options, Endpoint);
        options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        using var handshake = await client.Http.SendAsync(options, timeout.Token);
        using var garbage = await client.Http.PostAsync(Endpoint, new StringContent("[{\"nope\":1}]", Encoding.UTF8, "application/json"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("code-123", JsonDocument.Parse(await answer.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("validationResponse").GetString());
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("eventgrid.azure.net", handshake.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task BlobCreated_events_alone_complete_a_job_and_repeating_them_counts_nothing_twice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        engine.Settings["Orchestrator__ListenToCompletionQueue"] = "false";
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":60,\"batchSize\":6}", null, timeout.Token)).GetProperty("id").GetString()!;
        while ((await JobAssertions.ItemsAsync(storage, id, timeout.Token)) is var rows && (rows.Count < 60 || rows.Any(r => r.Status != ItemStatus.Succeeded)))
        {
            await Task.Delay(100, timeout.Token);
        }

        var (_, before) = await client.GetStatusAsync(id, timeout.Token);
        var blobs = await EventGridDelivery.OutputBlobsAsync(storage, id, timeout.Token);
        foreach (var blob in blobs)
        {
            Assert.Equal(HttpStatusCode.OK, await EventGridDelivery.PostAsync(client.Http, blob, cloudEvents: false, timeout.Token));
        }

        var completed = await client.WaitForAsync(id, timeout.Token, "Completed");
        foreach (var blob in blobs)
        {
            Assert.Equal(HttpStatusCode.OK, await EventGridDelivery.PostAsync(client.Http, blob, cloudEvents: true, timeout.Token));
        }

        var (_, after) = await client.GetStatusAsync(id, timeout.Token);
        Assert.Equal(0, JobAssertions.Count(before, "succeeded"));
        Assert.Equal("Running", before.GetProperty("runtimeStatus").GetString());
        Assert.Equal(60, JobAssertions.Count(completed, "succeeded"));
        Assert.Equal(60, JobAssertions.Count(after, "succeeded"));
        Assert.Equal("Completed", after.GetProperty("runtimeStatus").GetString());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, _ => "2", timeout.Token);
    }
}
