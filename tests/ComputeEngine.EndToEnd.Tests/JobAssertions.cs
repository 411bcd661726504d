using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>Reads what a job left in storage: item rows and the outputs they point at.</summary>
public static class JobAssertions
{
    public static async Task<List<ItemRecord>> ItemsAsync(AzuriteFixture storage, string instanceId, CancellationToken cancellationToken)
    {
        var rows = new List<ItemRecord>();
        await foreach (var row in storage.Clients.Table(StorageNames.ItemsTable).QueryAsync<ItemRecord>(ItemKeys.JobFilter(instanceId), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Each succeeded item's output, read from the blob range its row points at.</summary>
    public static async Task<Dictionary<int, JsonElement>> OutputsAsync(AzuriteFixture storage, IEnumerable<ItemRecord> rows, CancellationToken cancellationToken)
    {
        var container = storage.Clients.Container(StorageNames.OutputContainer);
        var blobs = new Dictionary<string, byte[]>();
        var outputs = new Dictionary<int, JsonElement>();
        foreach (var row in rows.Where(r => r.Status == ItemStatus.Succeeded))
        {
            if (!blobs.TryGetValue(row.OutputBlob!, out var bytes))
            {
                bytes = blobs[row.OutputBlob!] = (await container.GetBlobClient(row.OutputBlob).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            }

            outputs[row.Index] = JsonDocument.Parse(bytes.AsMemory((int)row.OutputOffset!, (int)row.OutputLength!)).RootElement.Clone();
        }

        return outputs;
    }

    /// <summary>Every line of every output blob of the job, as (itemId, output).</summary>
    public static async Task<List<(int ItemId, JsonElement Output)>> OutputLinesAsync(AzuriteFixture storage, string instanceId, CancellationToken cancellationToken)
    {
        var container = storage.Clients.Container(StorageNames.OutputContainer);
        var lines = new List<(int, JsonElement)>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
        {
            var text = (await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var element = JsonDocument.Parse(line).RootElement;
                lines.Add((element.GetProperty("itemId").GetInt32(), element.GetProperty("output").Clone()));
            }
        }

        return lines;
    }

    public static int Count(JsonElement status, string field) => status.GetProperty("customStatus").GetProperty(field).GetInt32();
}
