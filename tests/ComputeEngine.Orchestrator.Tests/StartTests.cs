using System.Net;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class StartTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.App.Http();

    [Fact]
    public async Task Seed_curl_with_inputCount_and_an_empty_body_is_accepted_with_check_status_links()
    {
        using var timeout = Api.Timeout();

        var reply = await _http.CallAsync(HttpMethod.Post, $"{Api.SeedRoute}?inputCount=3", timeout.Token, Api.Empty());

        var body = reply.IsJson(HttpStatusCode.Accepted);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        CheckStatusLinks.AssertValid(reply, id, _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var status = (await _http.StatusAsync(id, timeout.Token)).Json;
        Assert.Equal(3, status.GetProperty("input").GetProperty("inputCount").GetInt32());
    }

    public static TheoryData<string, string, int> Bodies => new()
    {
        { "inline", """{"inputs":[[1,1],[2,3],{"a":1}],"algorithm":"sum"}""", 3 },
        { "array", """[[1,1],[2,2]]""", 2 },
        { "count", """{"inputCount":4}""", 4 },
        { "prefix", """{"inputBlobPrefix":"PREFIX"}""", 2 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Webhook_route_accepts_each_input_kind_under_the_given_instance_id(string kind, string body, int items)
    {
        using var timeout = Api.Timeout();
        var id = Api.NewId("start-" + kind);
        if (kind == "prefix")
        {
            var prefix = $"user-data/{id}/";
            var container = fixture.Storage.Clients.Container(StorageNames.InputContainer);
            await container.UploadBlobAsync(prefix + "a.json", BinaryData.FromString("[1,1]"), timeout.Token);
            await container.UploadBlobAsync(prefix + "b.json", BinaryData.FromString("[2,2]"), timeout.Token);
            body = body.Replace("PREFIX", prefix, StringComparison.Ordinal);
        }

        var reply = await _http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, Api.Json(body));

        Assert.Equal(id, reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString());
        CheckStatusLinks.AssertValid(reply, id, _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var status = await _http.WaitForFanOutAsync(id, timeout.Token);
        Assert.Equal(items, status.GetProperty("customStatus").GetProperty("total").GetInt32());
        Assert.Equal("sum", status.GetProperty("input").GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Inline_inputs_are_echoed_as_the_status_input()
    {
        using var timeout = Api.Timeout();

        var id = await _http.StartJobAsync("""{"inputs":[[1,1],{"x":"y"}],"algorithm":"sum"}""", timeout.Token);

        var input = (await _http.StatusAsync(id, timeout.Token)).Json.GetProperty("input");
        Assert.Equal("""[[1,1],{"x":"y"}]""", input.GetProperty("inputs").GetRawText());
    }

    [Fact]
    public async Task Check_status_links_are_built_from_the_request_host()
    {
        using var timeout = Api.Timeout();

        var reply = await _http.CallAsync(HttpMethod.Post, $"{Api.SeedRoute}?inputCount=1", timeout.Token, Api.Empty(),
            request => request.Headers.Host = "jobs.example.test:8443");

        var id = reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString()!;
        CheckStatusLinks.AssertValid(reply, id, "http://jobs.example.test:8443");
    }

    [Fact]
    public async Task Starting_an_existing_instance_id_is_409_and_leaves_the_first_job_alone()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputs":[[1,1],[2,2]]}""", timeout.Token, Api.NewId("dup"));

        var again = await _http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, Api.Json("""{"inputs":[[5,5],[6,6],[7,7]]}"""));
        var seed = await _http.CallAsync(HttpMethod.Post, $"{Api.SeedRoute}/{id}?inputCount=9", timeout.Token, Api.Empty());

        again.IsProblem(HttpStatusCode.Conflict, id);
        seed.IsProblem(HttpStatusCode.Conflict, id);
        var status = await _http.WaitForFanOutAsync(id, timeout.Token);
        Assert.Equal(2, status.GetProperty("customStatus").GetProperty("total").GetInt32());
        Assert.Equal("[[1,1],[2,2]]", status.GetProperty("input").GetProperty("inputs").GetRawText());
        Assert.Equal("[[1,1],[2,2]]", await InputsBlobAsync(id, timeout.Token));
    }

    [Fact]
    public async Task Concurrent_starts_of_one_id_accept_one_and_keep_its_inputs()
    {
        using var timeout = Api.Timeout();
        var bodies = Enumerable.Range(1, 8).Select(n => $"{{\"inputs\":[{string.Join(",", Enumerable.Repeat($"[{n},{n}]", n))}]}}").ToList();
        var mismatches = new List<string>();

        // A race shows only sometimes: several rounds make a lost one very unlikely.
        for (var round = 0; round < 5; round++)
        {
            var id = Api.NewId("race");
            var replies = await Task.WhenAll(bodies.Select(b => _http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, Api.Json(b))));

            Assert.Single(replies, r => r.Status == HttpStatusCode.Accepted);
            Assert.All(replies.Where(r => r.Status != HttpStatusCode.Accepted), r => r.IsProblem(HttpStatusCode.Conflict));
            var status = await _http.WaitForFanOutAsync(id, timeout.Token);
            var accepted = status.GetProperty("input").GetProperty("inputs").GetRawText();
            var stored = await InputsBlobAsync(id, timeout.Token);
            if (accepted != stored)
            {
                mismatches.Add($"{id}: accepted {accepted}, stored {stored}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData(Api.Webhooks + "/orchestrators/NoSuchOrchestrator")]
    [InlineData("/api/orchestrators/NoSuchOrchestrator?inputCount=1")]
    public async Task Unknown_orchestrator_name_is_400(string path)
    {
        using var timeout = Api.Timeout();

        var reply = await _http.CallAsync(HttpMethod.Post, path, timeout.Token, Api.Json("""{"inputCount":1}"""));

        reply.IsProblem(HttpStatusCode.BadRequest, "NoSuchOrchestrator");
    }

    /// <summary>The job's one inputs blob: a start that lost a race must leave none of its own behind.</summary>
    private async Task<string> InputsBlobAsync(string id, CancellationToken cancellationToken)
    {
        var container = fixture.Storage.Clients.Container(StorageNames.InputContainer);
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"_jobs/{id}/inputs", cancellationToken))
        {
            names.Add(item.Name);
        }

        var content = await container.GetBlobClient(Assert.Single(names)).DownloadContentAsync(cancellationToken);
        return JsonDocument.Parse(content.Value.Content.ToString()).RootElement.GetRawText();
    }
}
