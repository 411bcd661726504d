using System.Net;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class ItemsApiTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Results_of_a_1000_item_job_stream_every_output_in_item_order()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var inputs = Enumerable.Range(0, 1000).Select(i => $"[{i},1]");
        var id = (await client.StartAsync("{\"batchSize\":7,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token)).GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Completed");

        var lines = await ReadLinesAsync(client, $"/api/instances/{id}/results", timeout.Token);

        Assert.Equal(Enumerable.Range(0, 1000), lines.Select(l => l.GetProperty("itemId").GetInt32()));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("itemId").GetInt32() + 1, l.GetProperty("output").GetInt32()));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
    }

    [Fact]
    public async Task Following_results_starts_while_the_job_runs_and_ends_with_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var body = "{\"algorithm\":\"sleep\",\"batchSize\":5,\"inputs\":[" + string.Join(",", Enumerable.Range(0, 120).Select(i => $"{{\"ms\":{i % 7 * 5},\"tag\":{i}}}")) + "]}";
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;

        var lines = await ReadLinesAsync(client, $"/api/instances/{id}/results?follow=true", timeout.Token);
        var (_, status) = await client.GetStatusAsync(id, timeout.Token);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(Enumerable.Range(0, 120), lines.Select(l => l.GetProperty("itemId").GetInt32()));
        Assert.All(lines, l => Assert.Equal((l.GetProperty("itemId").GetInt32() % 7) * 5, l.GetProperty("output").GetProperty("sleptMs").GetInt32()));
        Assert.All(lines, l => Assert.Equal(l.GetProperty("itemId").GetInt32(), l.GetProperty("output").GetProperty("tag").GetInt32()));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(i % 7 * 5, i), timeout.Token);
    }

    [Fact]
    public async Task Items_page_through_a_job_filter_by_status_and_show_each_items_detail()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var inputs = Enumerable.Range(0, 250).Select(i => i % 50 == 7 ? $"{{\"ms\":1,\"tag\":{i},\"fail\":true}}" : $"{{\"ms\":{i % 3},\"tag\":{i}}}");
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":9,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Failed");

        var all = await PagesAsync(client, $"/api/instances/{id}/items?top=60", timeout.Token);
        var failed = await PagesAsync(client, $"/api/instances/{id}/items?status=Failed&top=2", timeout.Token);
        var succeeded = await PagesAsync(client, $"/api/instances/{id}/items?status=succeeded", timeout.Token);
        var detail = JsonDocument.Parse(await client.Http.GetStringAsync($"/api/instances/{id}/items/8", timeout.Token)).RootElement;
        using var output = await client.Http.GetAsync($"/api/instances/{id}/items/8/output", timeout.Token);
        using var failedOutput = await client.Http.GetAsync($"/api/instances/{id}/items/7/output", timeout.Token);

        Assert.Equal(Enumerable.Range(0, 250), all.Select(i => i.GetProperty("itemId").GetInt32()));
        Assert.Equal([7, 57, 107, 157, 207], failed.Select(i => i.GetProperty("itemId").GetInt32()));
        Assert.All(failed, i => Assert.Contains("asked to fail", i.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.All(failed, i => Assert.Equal(5, i.GetProperty("attempts").GetInt32()));
        Assert.Equal(245, succeeded.Count);
        Assert.All(succeeded, i => Assert.Equal(JsonValueKind.Object, i.GetProperty("output").ValueKind));
        Assert.Equal("Succeeded", detail.GetProperty("status").GetString());
        Assert.Equal(2, detail.GetProperty("input").GetProperty("ms").GetInt32());
        Assert.StartsWith("worker-", detail.GetProperty("worker").GetString(), StringComparison.Ordinal);
        Assert.True(detail.GetProperty("queueWaitMilliseconds").GetDouble() >= 0);
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);
        Assert.Equal("application/json", output.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, JsonDocument.Parse(await output.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("sleptMs").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, failedOutput.StatusCode);
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => i % 50 == 7 ? null : JobAssertions.SleepOutput(i % 3, i), timeout.Token);
    }

    [Fact]
    public async Task Each_item_shows_its_input_after_a_worker_claimed_it_whether_inline_or_by_claim_check()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        // Batch 0 holds a 10,000-character input, so it travels by claim-check blob; batch 1 travels inline.
        var inputs = Enumerable.Range(0, 6).Select(i => $"{{\"ms\":{i},\"tag\":{i},\"pad\":\"{new string('x', i == 1 ? 10_000 : 3)}\"}}").ToList();
        var id = (await client.StartAsync("{\"algorithm\":\"sleep\",\"batchSize\":3,\"inputs\":[" + string.Join(",", inputs) + "]}", null, timeout.Token))
            .GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Completed");

        var details = new List<JsonElement>();
        for (var i = 0; i < inputs.Count; i++)
        {
            details.Add(JsonDocument.Parse(await client.Http.GetStringAsync($"/api/instances/{id}/items/{i}", timeout.Token)).RootElement.Clone());
        }

        var rows = (await JobAssertions.ItemsAsync(storage, id, timeout.Token)).OrderBy(r => r.Index).ToList();
        Assert.All(details, d => Assert.Equal("Succeeded", d.GetProperty("status").GetString()));
        Assert.All(details, d => Assert.True(
            JsonElement.DeepEquals(JsonDocument.Parse(inputs[d.GetProperty("itemId").GetInt32()]).RootElement, d.GetProperty("input")),
            $"item {d.GetProperty("itemId")} shows input {d.GetProperty("input")}"));
        Assert.All(rows.Take(3), r => Assert.NotNull(r.InputBatchBlob));
        Assert.All(rows.Skip(3), r => Assert.Equal((null, inputs[r.Index]), (r.InputBatchBlob, r.Input)));
        Assert.All(rows, r => Assert.True(r.EnqueuedAt <= r.StartedAt, $"item {r.Index} enqueued {r.EnqueuedAt:O}, started {r.StartedAt:O}"));
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => JobAssertions.SleepOutput(i, i), timeout.Token);
    }

    [Theory]
    [InlineData("/api/instances/no-such-job/items", HttpStatusCode.NotFound)]
    [InlineData("/api/instances/no-such-job/items/0", HttpStatusCode.NotFound)]
    [InlineData("/api/instances/no-such-job/results", HttpStatusCode.NotFound)]
    [InlineData("/api/instances/{id}/items/999", HttpStatusCode.NotFound)]
    [InlineData("/api/instances/{id}/items/-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items/abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items?status=Done", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items?top=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items?top=100000", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items?continuationToken=%%%", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/items?continuationToken=bm90IGEgdG9rZW4", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/{id}/results?follow=maybe", HttpStatusCode.BadRequest)]
    [InlineData("/api/instances/bad%7Cid/items", HttpStatusCode.BadRequest)]
    public async Task Items_api_rejects_what_it_cannot_answer(string path, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":3}", null, timeout.Token)).GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token, "Running");

        using var response = await client.Http.GetAsync(path.Replace("{id}", id, StringComparison.Ordinal), timeout.Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Output_of_an_item_not_yet_processed_is_409()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var id = (await client.StartAsync("{\"inputCount\":3}", null, timeout.Token)).GetProperty("id").GetString()!;

        using var response = await client.Http.GetAsync($"/api/instances/{id}/items/1/output", timeout.Token);
        var pending = await PagesAsync(client, $"/api/instances/{id}/items?status=Pending", timeout.Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(3, pending.Count);
    }

    private static async Task<List<JsonElement>> PagesAsync(DurableClient client, string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = token is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}continuationToken={Uri.EscapeDataString(token)}";
            var page = JsonDocument.Parse(await client.Http.GetStringAsync(url, cancellationToken)).RootElement.Clone();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.True(++pages < 1000, "paging does not end");
        }
        while (token is not null);

        return items;
    }

    private static async Task<List<JsonElement>> ReadLinesAsync(DurableClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
