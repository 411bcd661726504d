using System.Net;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class RestartAndPurgeTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.App.Http();

    [Theory]
    [InlineData("""{"inputCount":3}""")]
    [InlineData("""{"inputs":[[1,1],[2,2],[3,3]],"algorithm":"sum"}""")]
    public async Task Restart_starts_a_new_instance_with_the_same_input(string body)
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync(body, timeout.Token);
        var original = await _http.WaitForFanOutAsync(id, timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/restart", timeout.Token);

        var newId = reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString()!;
        Assert.NotEqual(id, newId);
        CheckStatusLinks.AssertValid(reply, newId, _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var restarted = await _http.WaitForFanOutAsync(newId, timeout.Token);
        Assert.Equal(original.GetProperty("input").GetRawText(), restarted.GetProperty("input").GetRawText());
        Assert.Equal(3, restarted.GetProperty("customStatus").GetProperty("total").GetInt32());
        Assert.Equal("Running", (await _http.StatusAsync(id, timeout.Token)).Json.GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Restart_under_the_same_id_of_a_running_job_is_409()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/restart?restartWithNewInstanceId=false", timeout.Token);

        reply.IsProblem(HttpStatusCode.Conflict, id);
    }

    [Fact]
    public async Task Restart_under_the_same_id_of_a_terminated_job_runs_it_again_with_the_same_input()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputs":[[4,4],[5,5]]}""", timeout.Token);
        var original = await _http.WaitForFanOutAsync(id, timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/restart?restartWithNewInstanceId=false", timeout.Token);

        Assert.Equal(id, reply.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString());
        var restarted = await _http.WaitForFanOutAsync(id, timeout.Token);
        Assert.Equal(original.GetProperty("input").GetRawText(), restarted.GetProperty("input").GetRawText());
        Assert.Equal(2, restarted.GetProperty("customStatus").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Restart_of_unknown_instance_is_404()
    {
        using var timeout = Api.Timeout();

        (await _http.PostReplyAsync($"{Api.Instances}/no-such-instance/restart", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_of_a_finished_job_is_200_and_removes_its_state_and_blobs()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputs":[[1,1],[2,2]]}""", timeout.Token);
        await _http.WaitForFanOutAsync(id, timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        var reply = await _http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token);

        Assert.Equal(1, reply.IsJson(HttpStatusCode.OK).GetProperty("instancesDeleted").GetInt32());
        (await _http.StatusAsync(id, timeout.Token)).IsProblem(HttpStatusCode.NotFound);
        var blobs = fixture.Storage.Clients.Container(Contracts.Storage.StorageNames.InputContainer)
            .GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"_jobs/{id}/", timeout.Token);
        Assert.Empty(await blobs.ToListAsync(timeout.Token));
        (await _http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_of_a_running_job_is_412_and_keeps_it()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);

        var reply = await _http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token);

        reply.IsProblem(HttpStatusCode.PreconditionFailed);
        (await _http.StatusAsync(id, timeout.Token)).Is(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Purge_of_unknown_instance_is_404()
    {
        using var timeout = Api.Timeout();

        (await _http.DeleteReplyAsync($"{Api.Instances}/no-such-instance", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_many_requires_createdTimeFrom()
    {
        using var timeout = Api.Timeout();

        (await _http.DeleteReplyAsync($"{Api.Instances}?runtimeStatus=Terminated", timeout.Token)).IsProblem(HttpStatusCode.BadRequest, "createdTimeFrom");
    }

    [Fact]
    public async Task Purge_many_with_nothing_matching_is_404()
    {
        using var timeout = Api.Timeout();

        (await _http.DeleteReplyAsync($"{Api.Instances}?createdTimeFrom=2999-01-01T00:00:00Z", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Purge_many_deletes_the_finished_matches_and_keeps_running_ones()
    {
        using var timeout = Api.Timeout();
        var prefix = Api.NewId("purge-many") + "-";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token, prefix + i));
        }

        await _http.TerminateAsync(ids[0], timeout.Token);
        await _http.TerminateAsync(ids[1], timeout.Token);
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

        var reply = await _http.DeleteReplyAsync($"{Api.Instances}?createdTimeFrom={from}&instanceIdPrefix={prefix}", timeout.Token);

        Assert.Equal(2, reply.IsJson(HttpStatusCode.OK).GetProperty("instancesDeleted").GetInt32());
        (await _http.StatusAsync(ids[0], timeout.Token)).IsProblem(HttpStatusCode.NotFound);
        (await _http.StatusAsync(ids[1], timeout.Token)).IsProblem(HttpStatusCode.NotFound);
        (await _http.StatusAsync(ids[2], timeout.Token)).Is(HttpStatusCode.Accepted);
    }
}
