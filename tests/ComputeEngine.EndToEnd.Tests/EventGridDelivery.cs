using System.Globalization;
using System.Text;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// What Event Grid posts to a webhook for the output blobs of a job: one <c>Microsoft.Storage.BlobCreated</c>
/// per blob, with the <c>aeg-event-type: Notification</c> header, in the Event Grid schema or as CloudEvents.
/// Field names and the subject's shape follow "Azure Blob Storage as an Event Grid source"
/// (learn.microsoft.com/azure/event-grid/event-schema-blob-storage) and the webhook delivery headers of
/// "Receive events from Azure Event Grid to an HTTP endpoint" (learn.microsoft.com/azure/event-grid/receive-events).
/// </summary>
public static class EventGridDelivery
{
    public const string Endpoint = "/runtime/webhooks/eventgrid";
    private const string Topic = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/devstoreaccount1";

    /// <summary>The job's output blobs as they are now, each as the event Event Grid would deliver for it.</summary>
    public static async Task<List<OutputBlob>> OutputBlobsAsync(AzuriteFixture storage, string instanceId, CancellationToken cancellationToken)
    {
        var container = storage.Clients.Container(StorageNames.OutputContainer);
        var blobs = new List<OutputBlob>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
        {
            blobs.Add(new OutputBlob(blob.Name, container.GetBlobClient(blob.Name).Uri, blob.Properties.ContentLength ?? 0, blob.Properties.ETag?.ToString() ?? ""));
        }

        return blobs;
    }

    /// <summary>Posts one event as Event Grid does; the answer's status is what Event Grid would act on.</summary>
    public static async Task<System.Net.HttpStatusCode> PostAsync(HttpClient http, OutputBlob blob, bool cloudEvents, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(cloudEvents ? CloudEvent(blob) : EventGridEvent(blob), Encoding.UTF8, cloudEvents ? "application/cloudevents-batch+json" : "application/json"),
        };
        request.Headers.Add("aeg-event-type", "Notification");
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private static string Subject(OutputBlob blob) => $"/blobServices/default/containers/{StorageNames.OutputContainer}/blobs/{blob.Name}";

    private static string Data(OutputBlob blob) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["api"] = "PutBlob",
        ["clientRequestId"] = Guid.NewGuid().ToString(),
        ["requestId"] = Guid.NewGuid().ToString(),
        ["eTag"] = blob.ETag,
        ["contentType"] = "application/x-ndjson",
        ["contentLength"] = blob.ContentLength,
        ["blobType"] = "BlockBlob",
        ["url"] = blob.Url.ToString(),
        ["sequencer"] = "0000000000000000000000000000000000000000000000000000000000000001",
        ["storageDiagnostics"] = new Dictionary<string, string> { ["batchId"] = Guid.NewGuid().ToString() },
    });

    private static string Now => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static string EventGridEvent(OutputBlob blob) =>
        $$"""[{"id":"{{Guid.NewGuid()}}","topic":"{{Topic}}","subject":{{JsonSerializer.Serialize(Subject(blob))}},"eventType":"Microsoft.Storage.BlobCreated","eventTime":"{{Now}}","data":{{Data(blob)}},"dataVersion":"","metadataVersion":"1"}]""";

    private static string CloudEvent(OutputBlob blob) =>
        $$"""[{"specversion":"1.0","type":"Microsoft.Storage.BlobCreated","source":"{{Topic}}","id":"{{Guid.NewGuid()}}","time":"{{Now}}","subject":{{JsonSerializer.Serialize(Subject(blob))}},"data":{{Data(blob)}}}]""";
}

/// <summary>An output blob as its BlobCreated event describes it.</summary>
public sealed record OutputBlob(string Name, Uri Url, long ContentLength, string ETag);
