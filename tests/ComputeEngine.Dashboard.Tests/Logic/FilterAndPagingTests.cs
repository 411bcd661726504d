using ComputeEngine.Dashboard.Components.Jobs;
using ComputeEngine.Dashboard.Components.Shared;
using ComputeEngine.Dashboard.Orchestrator;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeEngine.Dashboard.Tests.Logic;

public sealed class FilterAndPagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    // The query the orchestrator receives, as the dashboard's client sends it.
    [Fact]
    public async Task Filter_becomes_the_list_query_of_the_instances_api()
    {
        var filter = new JobFilter(["Running", "Failed"], Now.AddHours(-1), Now, " nightly run ");
        Assert.Equal(
            "?runtimeStatus=Running%2CFailed&createdTimeFrom=2026-11-24T09%3A00%3A00Z&createdTimeTo=2026-11-24T10%3A00%3A00Z&instanceIdPrefix=nightly%20run&top=20&showInput=false",
            await QueryAsync(client => client.ListAsync(filter, 20, null, CancellationToken.None)));
        Assert.Equal("?top=20&showInput=false", await QueryAsync(client => client.ListAsync(JobFilter.None, 20, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Purge_many_always_sends_a_start_time_because_the_api_requires_one()
    {
        Assert.Equal("?createdTimeFrom=1970-01-01T00%3A00%3A00Z", await QueryAsync(client => client.PurgeManyAsync(JobFilter.None, CancellationToken.None)));
        var from = new JobFilter([], Now, null, null);
        Assert.Same(from, from.ForPurge());
    }

    private static async Task<string> QueryAsync(Func<OrchestratorClient, Task> call)
    {
        var recorder = new QueryRecorder();
        using var http = new HttpClient(recorder) { BaseAddress = new Uri("http://orchestrator") };
        await call(new OrchestratorClient(http, new OrchestratorHealth(TimeProvider.System, NullLogger<OrchestratorHealth>.Instance)));
        return Assert.Single(recorder.Queries);
    }

    private sealed class QueryRecorder : HttpMessageHandler
    {
        public List<string> Queries { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Queries.Add(request.RequestUri!.Query);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(request.Method == HttpMethod.Get ? "[]" : """{"instancesDeleted":0}""", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }

    [Fact]
    public void Filter_reads_as_a_sentence_in_the_purge_confirmation()
    {
        Assert.Equal("any status", JobFilter.None.ForPurge().Describe());
        Assert.Equal("status Completed or Failed, created from 2026-11-24 09:00 UTC, id starting with \"x-\"",
            new JobFilter(["Completed", "Failed"], Now.AddHours(-1), null, "x-").Describe());
    }

    [Fact]
    public void Relative_time_ranges_slide_with_now_and_custom_ones_are_read_as_utc()
    {
        var lastHour = JobQuery.Default with { Range = "1h", Statuses = ["Running"], Prefix = "  " };
        var filter = lastHour.ToFilter(Now);
        Assert.Equal(["Running"], filter.Statuses);
        Assert.Equal((Now.AddHours(-1), (DateTimeOffset?)null, (string?)null), (filter.CreatedFrom!.Value, filter.CreatedTo, filter.InstanceIdPrefix));
        Assert.Equal(Now.AddMinutes(-45), lastHour.ToFilter(Now.AddMinutes(15)).CreatedFrom);

        var custom = JobQuery.Default with { Range = JobQuery.Custom, From = new DateTime(2026, 11, 1, 8, 0, 0), To = null, Prefix = "a" };
        filter = custom.ToFilter(Now);
        Assert.Equal((new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), (DateTimeOffset?)null, "a"), (filter.CreatedFrom!.Value, filter.CreatedTo, filter.InstanceIdPrefix));
        Assert.Null(JobQuery.Default.ToFilter(Now).CreatedFrom);
    }

    [Fact]
    public void Page_tokens_go_forward_with_the_next_token_and_back_to_the_ones_before()
    {
        var tokens = new PageTokens();
        Assert.Equal((1, (string?)null, false, false), (tokens.Page, tokens.Current, tokens.HasPrevious, tokens.HasNext));
        tokens.Next = "t2";
        tokens.MoveNext();
        tokens.Next = "t3";
        tokens.MoveNext();
        Assert.Equal((3, "t3", true), (tokens.Page, tokens.Current, tokens.HasPrevious));
        tokens.MovePrevious();
        Assert.Equal((2, "t2"), (tokens.Page, tokens.Current));
        tokens.MoveNext();
        Assert.Equal(2, tokens.Page);
        tokens.Reset();
        Assert.Equal((1, (string?)null), (tokens.Page, tokens.Current));
    }

    [Fact]
    public void Demo_job_body_is_a_count_or_a_list_of_sleeps()
    {
        Assert.Equal("""{"inputCount":5}""", StartBody.For(5, 0));
        Assert.Equal("""{"algorithm":"sleep","inputs":[{"ms":50},{"ms":50},{"ms":50}]}""", StartBody.For(3, 50));
    }
}
