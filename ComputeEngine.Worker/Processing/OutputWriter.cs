using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ComputeEngine.Contracts.Storage;

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

    /// <summary>
    /// The blob of one claim: the first claimed item's attempt number is unique to the claim that raised
    /// it, so no two passes write the same name and a row never points at bytes another pass replaced.
    /// </summary>
    public static string BlobName(string instanceId, int batch, int firstIndex, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}/{batch:D8}-{firstIndex:D8}-{attempt}.jsonl");

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
        await _container.GetBlobClient(blobName).UploadAsync(buffer, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson" },
        }, cancellationToken);
        return locations;
    }
}
