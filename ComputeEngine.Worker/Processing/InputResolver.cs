using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>Fetches the inputs of a batch: inline, from its claim-check blob, or one blob per item.</summary>
public sealed class InputResolver(StorageClients storage)
{
    private readonly BlobContainerClient _inputs = storage.Container(StorageNames.InputContainer);

    /// <summary>The input of each item by index; a value of null carries the reason it could not be read.</summary>
    public async Task<Dictionary<int, (JsonElement? Input, string? Error)>> ResolveAsync(
        WorkMessage message, IEnumerable<int> indexes, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, (JsonElement?, string?)>();
        IReadOnlyList<JsonElement>? batch = message.Inputs;
        if (message.InputsBlob is not null)
        {
            var content = await _inputs.GetBlobClient(message.InputsBlob).DownloadContentAsync(cancellationToken);
            batch = content.Value.Content.ToObjectFromJson(WorkerJsonContext.Default.ListJsonElement);
        }

        foreach (var index in indexes)
        {
            var offset = index - message.FirstIndex;
            result[index] = message.InputBlobs is { } blobs
                ? await ReadBlobAsync(blobs[offset], cancellationToken)
                : (batch![offset], null);
        }

        return result;
    }

    private async Task<(JsonElement?, string?)> ReadBlobAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _inputs.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            using var document = JsonDocument.Parse(content.Value.Content);
            return (document.RootElement.Clone(), null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, $"The input blob '{name}' no longer exists.");
        }
        catch (JsonException e)
        {
            return (null, $"The input blob '{name}' is not JSON: {e.Message}");
        }
    }
}
