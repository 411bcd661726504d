using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// A purge leaves nothing of its job behind — no row, blob or message — whatever ran at the same time:
/// workers still finishing items of the terminated job, or a rewind racing the purge.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PurgeTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Purging_a_terminated_job_while_its_workers_still_run_leaves_no_row_blob_or_message()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__Concurrency"] = "4" });
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__Concurrency"] = "4" });
        using var client = engine.Client();

        foreach (var doneBeforePurge in new[] { 1, 12 })
        {
            var inputs = Enumerable.Range(0, 80).Select(i => $$"""{"ms":250,"tag":{{i}}}""");
            var body = $$"""{"algorithm":"sleep","batchSize":5,"inputs":[{{string.Join(',', inputs)}}]}""";
            var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
            await WaitForSucceededAsync(client, id, doneBeforePurge, timeout.Token);

            (await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/terminate?reason=purge", timeout.Token)).EnsureSuccessStatusCode();
            await client.WaitForAsync(id, timeout.Token, "Terminated");
            using (var purge = await client.Http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}", timeout.Token))
            {
                Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
            }

            // Workers finish the waves they hold within a second or two; whatever they write must not stay.
            await Task.Delay(TimeSpan.FromSeconds(6), timeout.Token);
            Assert.Equal([], await LeftoversAsync(id, timeout.Token));
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetStatusAsync(id, timeout.Token)).Status);
        }
    }

    [Fact]
    public async Task A_purge_racing_a_rewind_either_refuses_or_leaves_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();

        for (var round = 0; round < 5; round++)
        {
            var inputs = Enumerable.Range(0, 20).Select(i => i % 4 == 1 ? $$"""{"ms":1,"tag":{{i}},"fail":true}""" : $$"""{"ms":1,"tag":{{i}}}""");
            var body = $$"""{"algorithm":"sleep","batchSize":4,"inputs":[{{string.Join(',', inputs)}}]}""";
            var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
            await client.WaitForAsync(id, timeout.Token, "Failed");

            var rewind = client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/rewind?reason=race", timeout.Token);
            var purge = client.Http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}", timeout.Token);
            using var rewound = await rewind;
            using var purged = await purge;

            if (purged.StatusCode == HttpStatusCode.OK)
            {
                await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
                Assert.Equal([], await LeftoversAsync(id, timeout.Token));
            }
            else
            {
                // The rewind won: the job runs again and its state is whole.
                Assert.Equal(HttpStatusCode.PreconditionFailed, purged.StatusCode);
                Assert.Equal(HttpStatusCode.Accepted, rewound.StatusCode);
                await client.WaitForAsync(id, timeout.Token, "Failed");
            }
        }
    }

    private static async Task WaitForSucceededAsync(DurableClient client, string id, int succeeded, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, status) = await client.GetStatusAsync(id, cancellationToken);
            if (JobAssertions.Count(status, "succeeded") >= succeeded)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Everything of the job still in storage, named so a failure says what was left.</summary>
    private async Task<List<string>> LeftoversAsync(string id, CancellationToken cancellationToken)
    {
        var clients = storage.Clients;
        var left = new List<string>();
        await foreach (var row in clients.Table(StorageNames.ItemsTable).QueryAsync<TableEntity>(ItemKeys.JobFilter(id), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            left.Add($"item row {row.PartitionKey}/{row.RowKey}");
        }

        await foreach (var row in clients.Table(StorageNames.InstancesTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            left.Add($"instance row '{row.RowKey}'");
        }

        foreach (var (container, prefix) in new[] { (StorageNames.OutputContainer, id + "/"), (StorageNames.InputContainer, $"_jobs/{id}/") })
        {
            left.AddRange((await storage.BlobNamesAsync(container, prefix, cancellationToken)).Select(name => $"blob {container}/{name}"));
        }

        foreach (var queue in StorageNames.Queues)
        {
            foreach (var message in (await clients.Queue(queue).PeekMessagesAsync(32, cancellationToken)).Value)
            {
                if (message.Body.ToString().Contains(JsonSerializer.Serialize(id), StringComparison.Ordinal))
                {
                    left.Add($"message in {queue}");
                }
            }
        }

        return left;
    }
}
