using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// The fan-out writes no item rows (a worker's first claim does), and no worker runs in these tests:
/// every item must still be listed and shown as pending, with its input, straight from the job.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PendingItemsTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.App.Http();

    public static TheoryData<string, string> Jobs => new()
    {
        { "inline", """{"inputs":[[1,1],[2,3],{"a":1},[4],"five"],"batchSize":2}""" },
        { "count", """{"inputCount":5,"batchSize":2}""" },
        { "prefix", """{"inputBlobPrefix":"PREFIX","batchSize":2}""" },
    };

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Items_no_worker_has_claimed_are_listed_and_shown_pending_with_their_input(string kind, string body)
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("pending-" + kind);
        var prefix = $"user-data/{id}/";
        if (kind == "prefix")
        {
            var container = fixture.Storage.Clients.Container(StorageNames.InputContainer);
            foreach (var name in new[] { "a", "b", "c", "d", "e" })
            {
                await container.UploadBlobAsync($"{prefix}{name}.json", BinaryData.FromString("[1,1]"), timeout.Token);
            }
        }

        await _http.StartJobAsync(body.Replace("PREFIX", prefix, StringComparison.Ordinal), timeout.Token, id);
        await _http.WaitForFanOutAsync(id, timeout.Token);

        var all = await PagesAsync($"/api/instances/{id}/items?top=2", timeout.Token);
        var pending = await PagesAsync($"/api/instances/{id}/items?status=Pending&top=3", timeout.Token);
        var last = (await _http.GetReplyAsync($"/api/instances/{id}/items/4", timeout.Token)).IsJson(HttpStatusCode.OK);
        var beyond = await _http.GetReplyAsync($"/api/instances/{id}/items/5", timeout.Token);
        var running = await PagesAsync($"/api/instances/{id}/items?status=Running", timeout.Token);

        Assert.Equal([0, 1, 2, 3, 4], all.Select(i => i.GetProperty("itemId").GetInt32()));
        Assert.Equal([0, 1, 2, 3, 4], pending.Select(i => i.GetProperty("itemId").GetInt32()));
        Assert.All(all, i => Assert.Equal(("Pending", 0), (i.GetProperty("status").GetString(), i.GetProperty("attempts").GetInt32())));
        Assert.Equal("Pending", last.GetProperty("status").GetString());
        var expected = kind switch
        {
            "inline" => "\"five\"",
            "count" => "[1,1]",
            _ => $"\"{prefix}e.json\"",
        };
        Assert.Equal(expected, last.GetProperty("input").GetRawText());
        Assert.Equal(kind == "prefix" ? $"{prefix}e.json" : null, last.GetProperty("inputBlob").GetString());
        beyond.IsProblem(HttpStatusCode.NotFound, "no item 5");
        Assert.Empty(running);
    }

    [Fact]
    public async Task Looking_for_pending_items_in_a_mostly_finished_job_answers_short_pages_and_finds_them_all()
    {
        using var timeout = Api.Timeout(120);
        const int total = 10_600;
        const int finished = 10_450;
        var id = await _http.StartJobAsync($$"""{"inputCount":{{total}},"batchSize":100}""", timeout.Token);
        await _http.WaitForFanOutAsync(id, timeout.Token);
        await SettleAsync(id, finished, 100, timeout.Token);

        var first = (await _http.GetReplyAsync($"/api/instances/{id}/items?status=Pending&top=3", timeout.Token)).IsJson(HttpStatusCode.OK);
        var pending = await PagesAsync($"/api/instances/{id}/items?status=Pending&top=40", timeout.Token);
        var succeeded = await PagesAsync($"/api/instances/{id}/items?status=Succeeded&top=1000", timeout.Token);
        var around = (await _http.GetReplyAsync($"/api/instances/{id}/items/{finished - 1}", timeout.Token)).IsJson(HttpStatusCode.OK);

        // One request walks at most 10,000 indexes, all finished here: an empty page that says where to go on.
        Assert.Empty(first.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.String, first.GetProperty("continuationToken").ValueKind);
        Assert.Equal(Enumerable.Range(finished, total - finished), pending.Select(i => i.GetProperty("itemId").GetInt32()));
        Assert.Equal(finished, succeeded.Count);
        Assert.Equal("Succeeded", around.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_terminated_during_its_fan_out_lists_only_the_items_it_sent_out()
    {
        using var timeout = Api.Timeout();
        const int total = 20_000;
        var id = await _http.StartJobAsync($$"""{"inputCount":{{total}},"batchSize":1}""", timeout.Token);
        await Api.WaitUntilAsync(async () => (await _http.StatusAsync(id, timeout.Token)).Json.GetProperty("customStatus").GetProperty("dispatched").GetInt32() > 0, timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);
        // Status may come from a header cached for up to a second; let it catch up with the stored watermark.
        await Task.Delay(1500, timeout.Token);
        var dispatched = (await _http.StatusAsync(id, timeout.Token)).Json.GetProperty("customStatus").GetProperty("dispatched").GetInt32();

        var all = await PagesAsync($"/api/instances/{id}/items?top=1000", timeout.Token);
        var last = await _http.GetReplyAsync($"/api/instances/{id}/items/{total - 1}", timeout.Token);

        Assert.InRange(dispatched, 1, total - 1);
        Assert.Equal(Enumerable.Range(0, dispatched), all.Select(i => i.GetProperty("itemId").GetInt32()));
        last.IsProblem(HttpStatusCode.NotFound, $"no item {total - 1}");
    }

    [Fact]
    public async Task A_continuation_token_is_only_good_for_the_listing_that_gave_it()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":5,"batchSize":2}""", timeout.Token);
        await _http.WaitForFanOutAsync(id, timeout.Token);
        await SettleAsync(id, 4, 2, timeout.Token);
        var pendingToken = (await _http.GetReplyAsync($"/api/instances/{id}/items?top=1", timeout.Token)).IsJson(HttpStatusCode.OK)
            .GetProperty("continuationToken").GetString()!;
        var rowToken = (await _http.GetReplyAsync($"/api/instances/{id}/items?status=Succeeded&top=1", timeout.Token)).IsJson(HttpStatusCode.OK)
            .GetProperty("continuationToken").GetString()!;

        var pendingWithRowToken = await _http.GetReplyAsync($"/api/instances/{id}/items?continuationToken={Uri.EscapeDataString(rowToken)}", timeout.Token);
        var succeededWithIndexToken = await _http.GetReplyAsync(
            $"/api/instances/{id}/items?status=Succeeded&continuationToken={Uri.EscapeDataString(pendingToken)}", timeout.Token);

        pendingWithRowToken.IsProblem(HttpStatusCode.BadRequest, "continuation");
        succeededWithIndexToken.IsProblem(HttpStatusCode.BadRequest, "continuation");
    }

    // Plays the worker: the first items of the job settle as succeeded, in one transaction per batch.
    private async Task SettleAsync(string id, int count, int batchSize, CancellationToken cancellationToken)
    {
        var items = fixture.Storage.Clients.Table(StorageNames.ItemsTable);
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, count).Select(i => new ItemRecord
        {
            PartitionKey = ItemKeys.Partition(id, i / batchSize),
            RowKey = ItemKeys.Row(i),
            Status = ItemStatus.Succeeded,
            Attempts = 1,
            Input = "[1,1]",
            EnqueuedAt = now,
            StartedAt = now,
            FinishedAt = now,
        });
        foreach (var batch in rows.GroupBy(r => r.PartitionKey))
        {
            await items.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
        }
    }

    private async Task<List<JsonElement>> PagesAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = token is null ? path : $"{path}&continuationToken={Uri.EscapeDataString(token)}";
            var page = (await _http.GetReplyAsync(url, cancellationToken)).IsJson(HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.True(++pages < 1000, "paging does not end");
        }
        while (token is not null);

        return items;
    }
}
