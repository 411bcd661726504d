using System.Net;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class InstanceActionTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.App.Http();

    [Fact]
    public async Task RaiseEvent_on_a_running_job_is_202_with_an_empty_body()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/raiseEvent/approval", timeout.Token, """{"approved":true}""");

        Assert.Empty(reply.Is(HttpStatusCode.Accepted).Text);
    }

    [Fact]
    public async Task RaiseEvent_on_unknown_instance_is_404()
    {
        using var timeout = Api.Timeout();

        var reply = await _http.PostReplyAsync($"{Api.Instances}/no-such-instance/raiseEvent/approval", timeout.Token, "1");

        reply.IsProblem(HttpStatusCode.NotFound, "no-such-instance");
    }

    [Fact]
    public async Task RaiseEvent_on_a_finished_job_is_410()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/raiseEvent/approval", timeout.Token, "1");

        reply.IsProblem(HttpStatusCode.Gone, "Terminated");
    }

    [Fact]
    public async Task RaiseEvent_with_invalid_json_is_400()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);

        var reply = await _http.PostReplyAsync($"{Api.Instances}/{id}/raiseEvent/approval", timeout.Token, "{not json");

        reply.IsProblem(HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task Terminate_is_202_records_the_reason_and_a_second_terminate_is_410()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);

        var first = await _http.PostReplyAsync($"{Api.Instances}/{id}/terminate?reason=operator%20says%20stop", timeout.Token);
        var status = (await _http.StatusAsync(id, timeout.Token, "?showHistory=true")).IsJson(HttpStatusCode.OK);
        var second = await _http.PostReplyAsync($"{Api.Instances}/{id}/terminate", timeout.Token);

        Assert.Empty(first.Is(HttpStatusCode.Accepted).Text);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());
        Assert.Contains(status.GetProperty("historyEvents").EnumerateArray(), e =>
            e.GetProperty("EventType").GetString() == "ExecutionTerminated" && e.GetProperty("Reason").GetString() == "operator says stop");
        second.IsProblem(HttpStatusCode.Gone, "Terminated");
    }

    [Fact]
    public async Task Terminate_of_unknown_instance_is_404()
    {
        using var timeout = Api.Timeout();

        (await _http.PostReplyAsync($"{Api.Instances}/no-such-instance/terminate?reason=x", timeout.Token)).IsProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suspend_and_resume_are_202_and_change_the_runtime_status()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);
        await _http.WaitForStatusAsync(id, "Running", timeout.Token);

        var suspend = await _http.PostReplyAsync($"{Api.Instances}/{id}/suspend?reason=pause", timeout.Token);
        var suspended = await _http.StatusAsync(id, timeout.Token);
        var again = await _http.PostReplyAsync($"{Api.Instances}/{id}/suspend", timeout.Token);
        var resume = await _http.PostReplyAsync($"{Api.Instances}/{id}/resume?reason=go", timeout.Token);
        var resumed = await _http.StatusAsync(id, timeout.Token);

        suspend.Is(HttpStatusCode.Accepted);
        Assert.Equal("Suspended", suspended.IsJson(HttpStatusCode.Accepted).GetProperty("runtimeStatus").GetString());
        again.Is(HttpStatusCode.Accepted);
        resume.Is(HttpStatusCode.Accepted);
        Assert.Equal("Running", resumed.IsJson(HttpStatusCode.Accepted).GetProperty("runtimeStatus").GetString());
    }

    [Fact]
    public async Task A_suspended_job_can_be_terminated()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);
        (await _http.PostReplyAsync($"{Api.Instances}/{id}/suspend", timeout.Token)).Is(HttpStatusCode.Accepted);

        (await _http.PostReplyAsync($"{Api.Instances}/{id}/terminate", timeout.Token)).Is(HttpStatusCode.Accepted);

        Assert.Equal("Terminated", (await _http.StatusAsync(id, timeout.Token)).IsJson(HttpStatusCode.OK).GetProperty("runtimeStatus").GetString());
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task Suspend_or_resume_of_a_finished_job_is_410(string action)
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        (await _http.PostReplyAsync($"{Api.Instances}/{id}/{action}", timeout.Token)).IsProblem(HttpStatusCode.Gone);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    [InlineData("rewind")]
    public async Task Actions_on_unknown_instance_are_404(string action)
    {
        using var timeout = Api.Timeout();

        (await _http.PostReplyAsync($"{Api.Instances}/no-such-instance/{action}", timeout.Token)).IsProblem(HttpStatusCode.NotFound, "no-such-instance");
    }

    [Fact]
    public async Task Rewind_of_a_running_job_is_412()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);

        (await _http.PostReplyAsync($"{Api.Instances}/{id}/rewind?reason=retry", timeout.Token)).IsProblem(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Rewind_of_a_terminated_job_is_412()
    {
        using var timeout = Api.Timeout();
        var id = await _http.StartJobAsync("""{"inputCount":1}""", timeout.Token);
        await _http.TerminateAsync(id, timeout.Token);

        (await _http.PostReplyAsync($"{Api.Instances}/{id}/rewind", timeout.Token)).IsProblem(HttpStatusCode.PreconditionFailed);
    }
}
