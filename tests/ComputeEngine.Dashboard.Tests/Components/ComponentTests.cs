using ComputeEngine.Contracts.Api;
using System.Net;
using Bunit;
using ComputeEngine.Dashboard.Components.Jobs;
using ComputeEngine.Dashboard.Components.Shared;
using ComputeEngine.Dashboard.Orchestrator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeEngine.Dashboard.Tests.Components;

public sealed class ComponentTests : BunitContext
{
    private static readonly DateTimeOffset Created = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly OrchestratorHealth _health = new(TimeProvider.System, NullLogger<OrchestratorHealth>.Instance);
    private readonly List<HttpRequestMessage> _requests = [];

    public ComponentTests()
    {
        Services.AddSingleton(_health);
        Services.AddSingleton(new OrchestratorClient(new HttpClient(new Accepting(_requests)) { BaseAddress = new Uri("http://orchestrator") }, _health));
    }

    private static InstanceStatus Job(string status, int total, int succeeded, int failed) => new(
        "ComputeOrchestrator", "job-1", status, null, new JobProgress(total, total, succeeded, failed), null, Created, Created.AddSeconds(30));

    [Fact]
    public void Progress_bar_shows_succeeded_and_failed_shares_of_the_total()
    {
        var bar = Render<ProgressBar>(p => p.Add(x => x.Succeeded, 30).Add(x => x.Failed, 10).Add(x => x.Total, 100));

        Assert.Equal("width: 30%", bar.Find(".progress-ok").GetAttribute("style"));
        Assert.Equal("width: 10%", bar.Find(".progress-bad").GetAttribute("style"));
        Assert.Equal("40", bar.Find(".progress").GetAttribute("aria-valuenow"));
        Assert.Equal("30 succeeded, 10 failed of 100 (40%)", bar.Find(".progress").GetAttribute("title"));
    }

    [Fact]
    public void Progress_bar_is_empty_while_the_total_is_unknown()
    {
        var bar = Render<ProgressBar>(p => p.Add(x => x.Succeeded, 5).Add(x => x.Total, -1));
        Assert.Equal("width: 0%", bar.Find(".progress-ok").GetAttribute("style"));
        Assert.Equal("total not known yet", bar.Find(".progress").GetAttribute("title"));
    }

    [Fact]
    public void Unreachable_banner_appears_while_the_orchestrator_does_not_answer_and_goes_away_by_itself()
    {
        var banner = Render<UnreachableBanner>();
        Assert.Empty(banner.FindAll("[data-testid=orchestrator-unreachable]"));

        _health.ReportUnreachable("Connection refused (127.0.0.1:7071)");
        banner.WaitForAssertion(() => Assert.Contains("Connection refused (127.0.0.1:7071)", banner.Find("[data-testid=orchestrator-unreachable]").TextContent, StringComparison.Ordinal));

        _health.ReportAnswered();
        banner.WaitForAssertion(() => Assert.Empty(banner.FindAll("[data-testid=orchestrator-unreachable]")));
    }

    [Fact]
    public void Job_summary_shows_counts_throughput_and_eta_of_a_running_job()
    {
        var summary = Render<JobSummaryPanel>(p => p
            .Add(x => x.Job, Job("Running", 1000, 380, 20))
            .Add(x => x.Rate, 10.0)
            .Add(x => x.Now, Created.AddSeconds(40)));

        Assert.Equal("40%", summary.Find("[data-testid=job-percent]").TextContent);
        Assert.Equal("600", summary.Find("[data-testid=job-left]").TextContent);
        Assert.Equal("10 items/s", summary.Find("[data-testid=job-rate]").TextContent);
        Assert.Equal("1 min", summary.Find("[data-testid=job-eta]").TextContent);
        Assert.Equal("40 s", summary.Find("[data-testid=job-duration]").TextContent);
    }

    [Fact]
    public void Job_summary_shows_the_jobs_priority_and_its_parallelism_limit_or_fair_share()
    {
        var limited = Job("Running", 1000, 10, 0) with { CustomStatus = new JobProgress(1000, 1000, 10, 0, Priority: 5, MaxParallelism: 20) };
        var shared = Job("Running", 1000, 10, 0) with { CustomStatus = new JobProgress(1000, 1000, 10, 0, Priority: 3) };

        var first = Render<JobSummaryPanel>(p => p.Add(x => x.Job, limited).Add(x => x.Now, Created.AddSeconds(5)));
        var second = Render<JobSummaryPanel>(p => p.Add(x => x.Job, shared).Add(x => x.Now, Created.AddSeconds(5)));

        Assert.Equal(("5 of 5", "20"), (first.Find("[data-testid=job-priority]").TextContent, first.Find("[data-testid=job-max-parallelism]").TextContent));
        Assert.Equal(("3 of 5", "fair share"), (second.Find("[data-testid=job-priority]").TextContent, second.Find("[data-testid=job-max-parallelism]").TextContent));
    }

    [Fact]
    public void Job_summary_of_a_finished_job_shows_its_average_and_no_eta()
    {
        var summary = Render<JobSummaryPanel>(p => p.Add(x => x.Job, Job("Completed", 300, 300, 0)).Add(x => x.Rate, 10.0).Add(x => x.Now, Created.AddHours(1)));
        Assert.Equal("done", summary.Find("[data-testid=job-eta]").TextContent);
        Assert.Equal("Average", summary.FindAll("dt")[5].TextContent);
        Assert.Equal("30 s", summary.Find("[data-testid=job-duration]").TextContent);
    }

    [Theory]
    [InlineData("Running", "action-suspend action-terminate action-restart")]
    [InlineData("Suspended", "action-resume action-terminate action-restart")]
    [InlineData("Failed", "action-rewind action-restart action-purge")]
    [InlineData("Completed", "action-restart action-purge")]
    public void Job_actions_offer_what_the_jobs_state_allows(string status, string buttons)
    {
        var actions = Render<JobActions>(p => p.Add(x => x.Job, Job(status, 10, 5, 0)));
        Assert.Equal(buttons, string.Join(' ', actions.FindAll("button").Select(b => b.GetAttribute("data-testid"))));
    }

    [Fact]
    public void Terminate_asks_first_and_only_then_calls_the_api_and_reports_the_outcome()
    {
        var changed = 0;
        var actions = Render<JobActions>(p => p.Add(x => x.Job, Job("Running", 10, 5, 0)).Add(x => x.OnChanged, () => changed++));

        actions.Find("[data-testid=action-terminate]").Click();
        Assert.Contains("Terminate this job?", actions.Find("[data-testid=action-confirm]").TextContent, StringComparison.Ordinal);
        Assert.Empty(_requests);

        actions.Find("[data-testid=action-confirm-button]").Click();
        actions.WaitForAssertion(() => Assert.Equal("Termination requested", actions.Find("[data-testid=action-outcome]").TextContent));
        var request = Assert.Single(_requests);
        Assert.Equal("/runtime/webhooks/durabletask/instances/job-1/terminate", request.RequestUri!.AbsolutePath);
        Assert.Empty(actions.FindAll("[data-testid=action-confirm]"));
        Assert.Equal(1, changed);
    }

    [Fact]
    public void Jobs_table_links_each_job_to_its_page_and_says_when_there_is_none()
    {
        var table = Render<JobsTable>(p => p.Add(x => x.Jobs, [Job("Running", 10, 3, 1)]).Add(x => x.Now, Created.AddSeconds(5)));
        Assert.Equal("jobs/job-1", table.Find("[data-testid=job-row] a").GetAttribute("href"));
        Assert.Equal(("3", "1"), (table.Find("[data-testid=job-succeeded]").TextContent, table.Find("[data-testid=job-failed]").TextContent));

        var empty = Render<JobsTable>(p => p.Add(x => x.Jobs, []).Add(x => x.Empty, "Nothing here."));
        Assert.Equal("Nothing here.", empty.Find("[data-testid=no-jobs]").TextContent);
    }

    private sealed class Accepting(List<HttpRequestMessage> requests) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted) { RequestMessage = request });
        }
    }
}
