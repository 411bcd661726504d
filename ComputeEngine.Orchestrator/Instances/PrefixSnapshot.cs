using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// Lists a blob prefix once, when its job starts, into a blob of the names (a JSON array, written as it is
/// listed): the fan-out, a resumed fan-out and a rewind all read that list, so blobs added or deleted
/// meanwhile cannot shift which input an item index means.
/// </summary>
public sealed class PrefixSnapshot(StorageClients storage)
{
    // Written in pieces of about this size, so memory stays flat whatever the prefix holds.
    private const int FlushBytes = 64 * 1024;

    /// <summary>Writes the names under <paramref name="prefix"/> to <paramref name="snapshotBlob"/>; the count, or why it can't be a job.</summary>
    public async Task<(int Count, StartError? Error)> TakeAsync(string snapshotBlob, string prefix, int maxItems, CancellationToken cancellationToken)
    {
        var container = storage.Container(StorageNames.InputContainer);
        var target = container.GetBlobClient(snapshotBlob);
        var count = 0;
        await using (var stream = await target.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (blob.Name.StartsWith(InputBlobNames.InternalFolder, StringComparison.Ordinal))
                {
                    continue;
                }

                if (++count > maxItems)
                {
                    break;
                }

                writer.WriteStringValue(blob.Name);
                if (writer.BytesPending >= FlushBytes)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
        }

        if (count is > 0 and var n && n <= maxItems)
        {
            return (count, null);
        }

        await target.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        var detail = count == 0
            ? $"No blob in the '{StorageNames.InputContainer}' container matches inputBlobPrefix '{prefix}'."
            : string.Create(CultureInfo.InvariantCulture, $"inputBlobPrefix '{prefix}' matches more than {maxItems} blobs, the most a job may hold.");
        return (0, new StartError(StatusCodes.Status400BadRequest, "Invalid inputBlobPrefix", detail));
    }
}
