using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// Streams a job's inputs in index order, the same order every time, so a fan-out that resumes after a
/// crash (or a rewind) finds batch N where it was. Nothing holds all inputs in memory.
/// </summary>
public sealed class InputSource(StorageClients storage)
{
    private static readonly JsonElement GeneratedInput = JsonDocument.Parse("[1,1]").RootElement.Clone();

    public IAsyncEnumerable<ItemInput> ReadAsync(InstanceHeader header, CancellationToken cancellationToken) => header.InputKind switch
    {
        InputKind.Count => Generated(header.Total),
        InputKind.Inline => InlineAsync(header.InputBlob!, cancellationToken),
        InputKind.BlobPrefix => SnapshotAsync(header.InputBlob!, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown input kind '{header.InputKind}'."),
    };

    private static async IAsyncEnumerable<ItemInput> Generated(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new ItemInput(GeneratedInput, null);
        }

        await Task.CompletedTask;
    }

    private async IAsyncEnumerable<ItemInput> InlineAsync(string blobName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.InputContainer).GetBlobClient(blobName);
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await foreach (var value in JsonSerializer.DeserializeAsyncEnumerable(stream, OrchestratorJsonContext.Default.JsonElement, cancellationToken))
        {
            yield return new ItemInput(value, null);
        }
    }

    private async IAsyncEnumerable<ItemInput> SnapshotAsync(string blobName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.InputContainer).GetBlobClient(blobName);
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await foreach (var name in JsonSerializer.DeserializeAsyncEnumerable(stream, OrchestratorJsonContext.Default.String, cancellationToken))
        {
            yield return new ItemInput(default, name!);
        }
    }
}
