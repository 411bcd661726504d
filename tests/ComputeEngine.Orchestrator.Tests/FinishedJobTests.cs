using System.Net;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>Jobs that really finish: the orchestrator and a worker as real processes on their own Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "engine";
}

[Collection(EngineCollection.Name)]
public sealed class FinishedJobTests(AzuriteFixture storage) : IAsyncLifetime, IAsyncDisposable
{
    private const string FailingJob = """{"algorithm":"sleep","inputs":[{"ms":1},{"ms":1,"fail":true}]}""";
    private Engine _engine = null!;
    private DurableClient _client = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        using var timeout = Api.Timeout(90);
        _engine = new Engine(storage);
        _engine.Settings["Worker__RetryBaseDelay"] = "00:00:00.050";
        _engine.Settings["Worker__RetryMaxDelay"] = "00:00:00.200";
        await _engine.StartOrchestratorAsync(timeout.Token);
        await _engine.StartWorkerAsync(timeout.Token);
        _client = _engine.Client();
        _http = _client.Http;
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (Interlocked.Exchange(ref _engine, null!) is { } engine)
        {
            await engine.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task A_completed_job_is_200_with_its_summary_and_refuses_events_terminate_suspend_and_rewind()
    {
        using var timeout = Api.Timeout(90);
        var id = await _http.StartJobAsync("""{"inputCount":3}""", timeout.Token);
        await _http.WaitForStatusAsync(id, "Completed", timeout.Token);

        var reply = await _http.StatusAsync(id, timeout.Token, "?returnInternalServerErrorOnFailure=true");

        var status = reply.IsJson(HttpStatusCode.OK);
        Assert.Null(reply.Headers.Location);
        var output = status.GetProperty("output");
        Assert.Equal((3, 3, 0), (output.GetProperty("total").GetInt32(), output.GetProperty("succeeded").GetInt32(), output.GetProperty("failed").GetInt32()));
        Assert.Equal(3, status.GetProperty("customStatus").GetProperty("succeeded").GetInt32());
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/raiseEvent/approval", timeout.Token, "1")).IsProblem(HttpStatusCode.Gone, "Completed");
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/terminate?reason=late", timeout.Token)).IsProblem(HttpStatusCode.Gone, "Completed");
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/suspend", timeout.Token)).IsProblem(HttpStatusCode.Gone);
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/resume", timeout.Token)).IsProblem(HttpStatusCode.Gone);
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/rewind", timeout.Token)).IsProblem(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Completed", (await _http.StatusAsync(id, timeout.Token)).Json.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task A_failed_job_is_500_only_when_asked_and_names_the_failed_item()
    {
        using var timeout = Api.Timeout(90);
        var id = await _http.StartJobAsync(FailingJob, timeout.Token);
        await _http.WaitForStatusAsync(id, "Failed", timeout.Token);

        var plain = await _http.StatusAsync(id, timeout.Token);
        var asked = await _http.StatusAsync(id, timeout.Token, "?returnInternalServerErrorOnFailure=true");

        plain.IsJson(HttpStatusCode.OK);
        var status = asked.IsJson(HttpStatusCode.InternalServerError);
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        var error = Assert.Single(status.GetProperty("output").GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("itemId").GetInt32());
        Assert.Contains("asked to fail", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((1, 1), (status.GetProperty("customStatus").GetProperty("succeeded").GetInt32(), status.GetProperty("customStatus").GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task Rewind_of_a_failed_job_is_202_and_runs_the_failed_item_again()
    {
        using var timeout = Api.Timeout(90);
        var id = await _http.StartJobAsync(FailingJob, timeout.Token);
        await _http.WaitForStatusAsync(id, "Failed", timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/rewind?reason=try%20again", timeout.Token);

        reply.Is(HttpStatusCode.Accepted);
        var status = await _http.WaitForStatusAsync(id, "Failed", timeout.Token);
        Assert.Equal((1, 1), (status.GetProperty("customStatus").GetProperty("succeeded").GetInt32(), status.GetProperty("customStatus").GetProperty("failed").GetInt32()));
        var history = (await _http.StatusAsync(id, timeout.Token, "?showHistory=true")).Json.GetProperty("historyEvents").EnumerateArray();
        Assert.Equal(2, history.Count(e => e.GetProperty("EventType").GetString() == "ExecutionFailed"));
    }

    [Fact]
    public async Task Restart_under_the_same_id_of_a_completed_job_runs_it_again_to_completion()
    {
        using var timeout = Api.Timeout(90);
        var id = await _http.StartJobAsync("""{"inputs":[[1,2],[3,4]]}""", timeout.Token, Api.NewId("again"));
        var first = await _http.WaitForStatusAsync(id, "Completed", timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/restart?restartWithNewInstanceId=false", timeout.Token);

        Assert.Equal(id, reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString());
        var second = await _http.WaitForStatusAsync(id, "Completed", timeout.Token);
        Assert.Equal(first.GetProperty("input").GetRawText(), second.GetProperty("input").GetRawText());
        Assert.Equal(2, second.GetProperty("output").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Purge_of_a_completed_job_is_200_and_removes_its_outputs()
    {
        using var timeout = Api.Timeout(90);
        var id = await _http.StartJobAsync("""{"inputCount":3}""", timeout.Token);
        await _http.WaitForStatusAsync(id, "Completed", timeout.Token);
        var outputs = storage.Clients.Container(Contracts.Storage.StorageNames.OutputContainer);
        Assert.NotEmpty(await outputs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, id + "/", timeout.Token).ToListAsync(timeout.Token));

        var reply = await _http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token);

        Assert.Equal(1, reply.IsJson(HttpStatusCode.OK).GetProperty("instancesDeleted").GetInt32());
        Assert.Empty(await outputs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, id + "/", timeout.Token).ToListAsync(timeout.Token));
        (await _http.StatusAsync(id, timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_many_deletes_finished_jobs_created_in_the_window()
    {
        using var timeout = Api.Timeout(90);
        var from = DateTimeOffset.UtcNow.AddSeconds(-2);
        var prefix = Api.NewId("window") + "-";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token, prefix + i));
        }

        foreach (var id in ids)
        {
            await _http.WaitForStatusAsync(id, "Completed", timeout.Token);
        }

        var query = $"createdTimeFrom={Uri.EscapeDataString(from.ToString("O"))}&createdTimeTo={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(2).ToString("O"))}&runtimeStatus=Completed";
        var reply = await _http.DeleteReplyAsync($"{Api.Instances}?{query}", timeout.Token);

        Assert.True(reply.IsJson(HttpStatusCode.OK).GetProperty("instancesDeleted").GetInt32() >= 3, reply.Describe);
        foreach (var id in ids)
        {
            (await _http.StatusAsync(id, timeout.Token)).IsProblem(HttpStatusCode.NotFound);
        }

        (await _http.DeleteReplyAsync($"{Api.Instances}?{query}", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }
}
