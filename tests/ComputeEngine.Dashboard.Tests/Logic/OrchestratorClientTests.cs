using System.Net;
using System.Text;
using ComputeEngine.Dashboard.Orchestrator;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class OrchestratorClientTests
{
    private readonly List<HttpRequestMessage> _requests = [];
    private readonly Queue<Func<HttpResponseMessage>> _replies = new();
    private readonly OrchestratorHealth _health = new(TimeProvider.System, NullLogger<OrchestratorHealth>.Instance);

    private OrchestratorClient Client() => new(new HttpClient(new Recorder(this)) { BaseAddress = new Uri("http://orchestrator") }, _health);

    private void Reply(HttpStatusCode status, string? json = null, string? continuation = null) => _replies.Enqueue(() =>
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (continuation is not null)
        {
            response.Headers.Add(OrchestratorClient.ContinuationHeader, continuation);
        }

        return response;
    });

    [Fact]
    public async Task List_sends_the_filter_page_size_and_continuation_token_and_returns_the_next_token()
    {
        Reply(HttpStatusCode.OK, """
            [{"name":"ComputeOrchestrator","instanceId":"a","runtimeStatus":"Running","input":null,
              "customStatus":{"total":10,"dispatched":10,"succeeded":4,"failed":1},"output":null,
              "createdTime":"2026-11-24T10:00:00Z","lastUpdatedTime":"2026-11-24T10:00:05Z"}]
            """, continuation: "next-page");

        var page = await Client().ListAsync(new JobFilter(["Running"], null, null, "a"), 25, "this-page", CancellationToken.None);

        var request = Assert.Single(_requests);
        Assert.Equal("/runtime/webhooks/durabletask/instances?runtimeStatus=Running&instanceIdPrefix=a&top=25&showInput=false", request.RequestUri!.PathAndQuery);
        Assert.Equal("this-page", request.Headers.GetValues(OrchestratorClient.ContinuationHeader).Single());
        Assert.Equal("next-page", page.ContinuationToken);
        var job = Assert.Single(page.Jobs);
        Assert.Equal(("a", "Running", 10, 4, 1, 5), (job.InstanceId, job.RuntimeStatus, job.Total, job.Succeeded, job.Failed, job.Done));
    }

    [Fact]
    public async Task Last_page_has_no_next_token_even_when_the_header_is_empty()
    {
        Reply(HttpStatusCode.OK, "[]", continuation: "");
        var page = await Client().ListAsync(JobFilter.None, 10, null, CancellationToken.None);
        Assert.Null(page.ContinuationToken);
        Assert.False(_requests[0].Headers.Contains(OrchestratorClient.ContinuationHeader));
    }

    [Fact]
    public async Task Status_reads_the_summary_and_the_pascal_case_history_and_is_null_for_an_unknown_job()
    {
        Reply(HttpStatusCode.OK, """
            {"name":"ComputeOrchestrator","instanceId":"b","runtimeStatus":"Failed","input":null,
             "customStatus":{"total":3,"dispatched":3,"succeeded":2,"failed":1},
             "output":{"total":3,"succeeded":2,"failed":1,"outputContainer":"output","outputPrefix":"b/","errors":[{"itemId":2,"error":"boom","attempts":5}]},
             "createdTime":"2026-11-24T10:00:00Z","lastUpdatedTime":"2026-11-24T10:01:00Z",
             "historyEvents":[{"EventType":"ExecutionStarted","Timestamp":"2026-11-24T10:00:00+00:00","FunctionName":"ComputeOrchestrator"},
                              {"EventType":"ExecutionFailed","Timestamp":"2026-11-24T10:01:00+00:00","Reason":"1 item failed"}]}
            """);
        Reply(HttpStatusCode.NotFound, """{"title":"Not found"}""");

        var job = await Client().GetAsync("b", showHistory: true, CancellationToken.None);
        var missing = await Client().GetAsync("gone", showHistory: false, CancellationToken.None);

        Assert.Equal("/runtime/webhooks/durabletask/instances/b?showInput=false&showHistory=true", _requests[0].RequestUri!.PathAndQuery);
        Assert.Equal(("boom", 5), (job!.Output!.Errors![0].Error, job.Output.Errors[0].Attempts));
        Assert.Equal(["ExecutionStarted", "ExecutionFailed"], job.HistoryEvents!.Select(e => e.EventType));
        Assert.Equal("1 item failed", job.HistoryEvents![1].Reason);
        Assert.True(job.IsFinal);
        Assert.Null(missing);
    }

    [Fact]
    public async Task Items_page_passes_status_and_token_as_query_parameters()
    {
        Reply(HttpStatusCode.OK, """
            {"items":[{"itemId":7,"status":"Failed","attempts":5,"worker":"worker-1","enqueuedTime":"2026-11-24T10:00:00+00:00",
                       "startedTime":"2026-11-24T10:00:01+00:00","finishedTime":"2026-11-24T10:00:02+00:00","queueWaitMilliseconds":1000,
                       "runMilliseconds":1000,"error":"boom","output":null,"inputBlob":null}],"continuationToken":"t/2"}
            """);

        var page = await Client().ItemsAsync("job 1", "Failed", 50, "t/1", CancellationToken.None);

        Assert.Equal("/api/instances/job%201/items?top=50&status=Failed&continuationToken=t%2F1", _requests[0].RequestUri!.PathAndQuery);
        Assert.Equal(("t/2", 7, "boom", 1000.0), (page.ContinuationToken, page.Items[0].ItemId, page.Items[0].Error, page.Items[0].QueueWaitMilliseconds));
    }

    [Fact]
    public async Task Empty_items_pages_with_a_token_are_followed_until_items_show_up()
    {
        Reply(HttpStatusCode.OK, """{"items":[],"continuationToken":"t/2"}""");
        Reply(HttpStatusCode.OK, """{"items":[],"continuationToken":"t/3"}""");
        Reply(HttpStatusCode.OK, """
            {"items":[{"itemId":20000,"status":"Pending","attempts":0,"worker":null,"enqueuedTime":null,"startedTime":null,
                       "finishedTime":null,"queueWaitMilliseconds":null,"runMilliseconds":null,"error":null,"output":null,"inputBlob":null}],
             "continuationToken":"t/4"}
            """);

        var page = await Client().ItemsAsync("job", "Pending", 50, null, CancellationToken.None);

        Assert.Equal(3, _requests.Count);
        Assert.EndsWith("continuationToken=t%2F3", _requests[2].RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal(("t/4", 20000), (page.ContinuationToken, Assert.Single(page.Items).ItemId));
    }

    [Fact]
    public async Task Following_empty_items_pages_stops_after_a_bound()
    {
        for (var i = 0; i < 10; i++)
        {
            Reply(HttpStatusCode.OK, $$"""{"items":[],"continuationToken":"t/{{i}}"}""");
        }

        var page = await Client().ItemsAsync("job", "Pending", 50, null, CancellationToken.None);

        Assert.Equal(6, _requests.Count);
        Assert.Empty(page.Items);
        Assert.Equal("t/5", page.ContinuationToken);
    }

    [Fact]
    public async Task Actions_post_to_their_route_and_report_the_problem_detail_when_refused()
    {
        Reply(HttpStatusCode.Accepted);
        Reply(HttpStatusCode.Gone, """{"title":"Gone","detail":"Instance 'x' is Completed and cannot be terminated."}""");

        var accepted = await Client().TerminateAsync("x", "stop it", CancellationToken.None);
        var refused = await Client().TerminateAsync("x", null, CancellationToken.None);

        Assert.Equal(HttpMethod.Post, _requests[0].Method);
        Assert.Equal("/runtime/webhooks/durabletask/instances/x/terminate?reason=stop%20it", _requests[0].RequestUri!.PathAndQuery);
        Assert.Equal(new ActionOutcome(true, "Termination requested"), accepted);
        Assert.Equal(new ActionOutcome(false, "Instance 'x' is Completed and cannot be terminated."), refused);
    }

    [Fact]
    public async Task Restart_returns_the_new_id_and_purge_many_counts_what_it_deleted()
    {
        Reply(HttpStatusCode.Accepted, """{"id":"new-id","statusQueryGetUri":"http://o/x"}""");
        Reply(HttpStatusCode.OK, """{"instancesDeleted":3}""");
        Reply(HttpStatusCode.NotFound, """{"title":"Nothing to purge"}""");

        var restarted = await Client().RestartAsync("old", CancellationToken.None);
        var purged = await Client().PurgeManyAsync(new JobFilter(["Completed"], null, null, null), CancellationToken.None);
        var none = await Client().PurgeManyAsync(JobFilter.None, CancellationToken.None);

        Assert.Equal(("new-id", true), (restarted.InstanceId, restarted.Succeeded));
        Assert.Equal(HttpMethod.Delete, _requests[1].Method);
        Assert.Equal("/runtime/webhooks/durabletask/instances?runtimeStatus=Completed&createdTimeFrom=1970-01-01T00%3A00%3A00Z", _requests[1].RequestUri!.PathAndQuery);
        Assert.Equal("Purged 3 finished jobs.", purged.Message);
        Assert.Equal(new ActionOutcome(true, "No finished job matched the filter; nothing was purged."), none);
    }

    [Fact]
    public async Task A_refused_connection_or_a_gateway_error_marks_the_orchestrator_unreachable_until_it_answers_again()
    {
        var changes = 0;
        _health.Changed += () => changes++;
        _replies.Enqueue(() => throw new HttpRequestException("Connection refused (orchestrator:80)"));
        Reply(HttpStatusCode.OK, "[]");
        Reply(HttpStatusCode.ServiceUnavailable);
        Reply(HttpStatusCode.NotFound, """{"title":"Not found"}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => Client().ListAsync(JobFilter.None, 1, null, CancellationToken.None));
        Assert.Equal((false, "Connection refused (orchestrator:80)"), (_health.IsReachable, _health.LastError));
        Assert.NotNull(_health.UnreachableSince);

        await Client().ListAsync(JobFilter.None, 1, null, CancellationToken.None);
        Assert.True(_health.IsReachable);

        await Assert.ThrowsAsync<OrchestratorException>(() => Client().ListAsync(JobFilter.None, 1, null, CancellationToken.None));
        Assert.False(_health.IsReachable);

        Assert.Null(await Client().GetAsync("x", false, CancellationToken.None));
        Assert.True(_health.IsReachable);
        Assert.Equal(4, changes);
    }

    private sealed class Recorder(OrchestratorClientTests test) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            test._requests.Add(request);
            var response = test._replies.Dequeue()();
            // As SocketsHttpHandler does; the typed client reads the request of a refused call off its response.
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
