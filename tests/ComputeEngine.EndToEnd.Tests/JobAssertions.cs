using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
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

    /// <summary>
    /// A job's outputs are each the one its own input produced, read every way a user reads them: the
    /// <c>/results</c> stream, each row's blob range and <c>/items/{id}/output</c>. <paramref name="expected"/>
    /// gives an item's correct output as JSON text (compared after parsing), or null for an item that must not have one.
    /// </summary>
    public static async Task AssertOutputsMatchInputsAsync(
        AzuriteFixture storage, DurableClient client, string instanceId, Func<int, string?> expected, CancellationToken cancellationToken)
    {
        var rows = await ItemsAsync(storage, instanceId, cancellationToken);
        var fromRows = await OutputsAsync(storage, rows, cancellationToken);
        foreach (var row in rows)
        {
            var want = expected(row.Index);
            Assert.True((want is null) == (row.Status != ItemStatus.Succeeded), $"item {row.Index} is {row.Status}");
            if (want is not null)
            {
                AssertSameJson(want, fromRows[row.Index], $"item {row.Index}'s row points at another output");
            }
        }

        // Streamed, as a user reads a big job's results: the client's timeout covers the headers, not the body.
        using var results = await client.Http.GetAsync($"/api/instances/{instanceId}/results", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, results.StatusCode);
        using var reader = new StreamReader(await results.Content.ReadAsStreamAsync(cancellationToken));
        var seen = new HashSet<int>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var element = JsonDocument.Parse(line).RootElement;
            var itemId = element.GetProperty("itemId").GetInt32();
            Assert.True(seen.Add(itemId), $"/results lists item {itemId} twice");
            var want = expected(itemId);
            Assert.True(want is not null, $"/results has an output for item {itemId}, which has none");
            AssertSameJson(want!, element.GetProperty("output"), $"/results gives item {itemId} another output");
        }

        Assert.Equal(rows.Count(r => r.Status == ItemStatus.Succeeded), seen.Count);
        foreach (var row in rows.Where(r => r.Status == ItemStatus.Succeeded).Where((_, i) => i % 17 == 0))
        {
            using var single = await client.Http.GetAsync($"/api/instances/{instanceId}/items/{row.Index}/output", cancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, single.StatusCode);
            AssertSameJson(expected(row.Index)!, JsonDocument.Parse(await single.Content.ReadAsStringAsync(cancellationToken)).RootElement, $"item {row.Index}'s output route");
        }
    }

    /// <summary>The <c>sleep</c> algorithm's output for <c>{"ms": ms, "tag": tag}</c>.</summary>
    public static string SleepOutput(int ms, int tag) => $"{{\"sleptMs\":{ms},\"tag\":{tag}}}";

    private static void AssertSameJson(string expected, JsonElement actual, string what) =>
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, actual), $"{what}: expected {expected}, got {actual.GetRawText()}");

    public static int Count(JsonElement status, string field) => status.GetProperty("customStatus").GetProperty(field).GetInt32();
}
