using System.Net;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class StatusTests(ApiFixture fixture)
{
    private const string TimeFormat = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$";
    private readonly HttpClient _http = fixture.App.Http();

    [Fact]
    public async Task Status_of_a_running_job_is_202_with_Location_Retry_After_and_progress()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":3}""", timeout.Token);
        await _http.WaitForFanOutAsync(id, timeout.Token);
        var path = $"{Api.Instances}/{id}?showInput=true";

        var reply = await _http.GetReplyAsync(path, timeout.Token);

        var status = reply.IsJson(HttpStatusCode.Accepted);
        Assert.Equal(new Uri(_http.BaseAddress!, path), reply.Headers.Location);
        Assert.NotNull(reply.Headers.RetryAfter);
        Assert.Equal("ComputeOrchestrator", status.GetProperty("name").GetString());
        Assert.Equal(id, status.GetProperty("instanceId").GetString());
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal(3, status.GetProperty("input").GetProperty("inputCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("output").ValueKind);
        Assert.Matches(TimeFormat, status.GetProperty("createdTime").GetString());
        Assert.Matches(TimeFormat, status.GetProperty("lastUpdatedTime").GetString());
        Assert.False(status.TryGetProperty("historyEvents", out _));
        var progress = status.GetProperty("customStatus");
        Assert.Equal((3, 3, 0, 0), (
            progress.GetProperty("total").GetInt32(), progress.GetProperty("dispatched").GetInt32(),
            progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task Status_of_a_terminated_job_is_200_without_Location()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        var reply = await _http.StatusAsync(id, timeout.Token);

        var status = reply.IsJson(HttpStatusCode.OK);
        Assert.Null(reply.Headers.Location);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task Status_of_a_terminated_job_is_200_even_when_asking_for_500_on_failure()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        var reply = await _http.StatusAsync(id, timeout.Token, "?returnInternalServerErrorOnFailure=true");

        Assert.Equal("Terminated", reply.IsJson(HttpStatusCode.OK).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task Status_of_unknown_instance_is_404()
    {
        using var timeout = Api.Timeout();

        var reply = await _http.StatusAsync("no-such-instance", timeout.Token);

        reply.IsProblem(HttpStatusCode.NotFound, "no-such-instance");
    }

    [Fact]
    public async Task Status_echoes_the_input_unless_showInput_is_false()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputs":[[1,2]],"algorithm":"sum"}""", timeout.Token);

        var shown = (await _http.StatusAsync(id, timeout.Token)).Json;
        var hidden = (await _http.StatusAsync(id, timeout.Token, "?showInput=false")).Json;

        Assert.Equal("[[1,2]]", shown.GetProperty("input").GetProperty("inputs").GetRawText());
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task ShowHistory_lists_lifecycle_events_in_PascalCase()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token, "enough");

        var status = (await _http.StatusAsync(id, timeout.Token, "?showHistory=true&showHistoryOutput=true")).Json;

        var events = status.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("ExecutionScheduled", events[0].GetProperty("EventType").GetString());
        Assert.All(events, e => Assert.True(e.TryGetProperty("Timestamp", out _), e.GetRawText()));
        var terminated = Assert.Single(events, e => e.GetProperty("EventType").GetString() == "ExecutionTerminated");
        Assert.Equal("enough", terminated.GetProperty("Reason").GetString());
    }
}
