using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>Where one item's output bytes are.</summary>
public readonly record struct OutputLocation(string Blob, long Offset, long Length);

/// <summary>
/// Writes the outputs of one pass over a batch as one JSON-lines blob (<c>{"itemId":n,"output":…}</c>),
/// one storage write for the whole batch, recording where each output's bytes are so it can be read alone.
/// </summary>
public sealed class OutputWriter(StorageClients storage)
{
    private static readonly byte[] LineEnd = "}\n"u8.ToArray();
    private readonly BlobContainerClient _container = storage.Container(StorageNames.OutputContainer);

    public async Task<Dictionary<int, OutputLocation>> WriteAsync(
        string blobName, IReadOnlyList<(int Index, JsonElement Output)> outputs, CancellationToken cancellationToken)
    {
        var locations = new Dictionary<int, OutputLocation>(outputs.Count);
        if (outputs.Count == 0)
        {
            return locations;
        }

        using var buffer = new MemoryStream();
        foreach (var (index, output) in outputs)
        {
            buffer.Write(Encoding.UTF8.GetBytes($"{{\"itemId\":{index.ToString(CultureInfo.InvariantCulture)},\"output\":"));
            var offset = buffer.Position;
            var bytes = Encoding.UTF8.GetBytes(output.GetRawText());
            buffer.Write(bytes);
            buffer.Write(LineEnd);
            locations[index] = new OutputLocation(blobName, offset, bytes.Length);
        }

        buffer.Position = 0;
        var blob = _container.GetBlobClient(blobName);
        try
        {
            await blob.UploadAsync(buffer, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" },
                // A blob once written is never replaced: rows of other passes may point at its bytes.
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // The name is this pass's alone, so the blob is our own upload, stored by a try the SDK then
            // retried after a lost response. Anything else there is a broken invariant, not an output.
            var stored = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (stored.Value.ContentLength != buffer.Length)
            {
                throw new InvalidOperationException($"Output blob {blobName} exists with other content; refusing to overwrite it.", e);
            }
        }

        return locations;
    }

    /// <summary>Deletes a wave's blob that no row points at (its job was purged while it ran).</summary>
    public Task DeleteAsync(string blobName, CancellationToken cancellationToken) =>
        _container.DeleteBlobIfExistsAsync(blobName, cancellationToken: cancellationToken);
}
