using System.Globalization;
using System.Text.RegularExpressions;
using ComputeEngine.Testing;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class JobControlTests(DashboardFixture fixture)
{
    [Fact]
    public async Task After_a_rewind_fails_again_the_banner_says_it_ended_and_duration_leaves_out_the_idle_time_before_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var started = await client.StartAsync("""{"algorithm":"sleep","batchSize":2,"inputs":[{"ms":1,"fail":true},{"ms":1}]}""", null, timeout.Token);
        var id = started.GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token);
        // The job lies idle, Failed, before the rewind: this idle stretch is what the duration must leave out.
        var idle = TimeSpan.FromSeconds(6);
        await Task.Delay(idle, timeout.Token);

        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        await page.GetByTestId("action-rewind").ClickAsync();
        await Expect(page.GetByTestId("action-outcome")).ToHaveTextAsync("Rewinding: the failed items run again");
        // The rewound item fails five times again with 1+2+4+8 s of backoff: 15 s before the rewind can end.
        await Expect(page.GetByTestId("action-outcome")).ToHaveTextAsync("The rewind ended: the job is Failed.", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("history")).ToContainTextAsync("ExecutionRewound");

        var (_, status) = await client.GetStatusAsync(id, timeout.Token);
        var wallClock = status.GetProperty("lastUpdatedTime").GetDateTimeOffset() - status.GetProperty("createdTime").GetDateTimeOffset();
        Assert.True(wallClock > idle, $"created to last update: {wallClock}");
        var shown = Seconds(await page.GetByTestId("job-duration").InnerTextAsync());
        Assert.True(shown < wallClock.TotalSeconds - idle.TotalSeconds + 1, $"duration shown {shown} s, wall clock {wallClock}, idle {idle}");
    }

    [Fact]
    public async Task A_suspended_job_shows_stopping_with_the_items_still_running_until_they_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        // The fixture's worker runs 4 at once: 4 items of 4 s run while the other 4 wait.
        var id = await Jobs.StartSleepAsync(client, items: 8, milliseconds: 4000, batchSize: 8, timeout.Token);
        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        await Expect(page.GetByTestId("item-row").Filter(new() { HasText = "Running" })).ToHaveCountAsync(4, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("job-stopping")).ToHaveCountAsync(0);

        await page.GetByTestId("action-suspend").ClickAsync();

        await Expect(page.GetByTestId("job-stopping")).ToHaveTextAsync(new Regex("^stopping: [1-4] still running$"), new() { Timeout = 10_000 });
        // The running items end within their 4 s; the heartbeat (2 s) and the status's read of it (1 s) follow.
        await Expect(page.GetByTestId("job-stopping")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("status").First).ToHaveTextAsync("Suspended");
        // The items that were running were let finish and are counted: the first round's 4 (or both rounds', had the stop come after the first).
        var (status, succeeded, _) = await Jobs.StatusAsync(client, id, timeout.Token);
        while (succeeded < 4)
        {
            await Task.Delay(200, timeout.Token);
            (status, succeeded, _) = await Jobs.StatusAsync(client, id, timeout.Token);
        }

        Assert.Equal("Suspended", status);
        Assert.Contains(succeeded, new[] { 4, 8 });

        using var terminate = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/terminate?reason=test", timeout.Token);
        terminate.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_job_purged_while_its_page_and_item_page_are_open_shows_gone_and_stops_refreshing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var id = await Jobs.StartSleepAsync(client, items: 6, milliseconds: 1, batchSize: 3, timeout.Token);
        await client.WaitForAsync(id, timeout.Token);
        await using var jobPage = await fixture.OpenAsync($"/jobs/{id}");
        await using var itemPage = await fixture.OpenAsync($"/jobs/{id}/items/2");
        await Expect(jobPage.Page.GetByTestId("item-row")).ToHaveCountAsync(6);
        await Expect(itemPage.Page.GetByTestId("attempt-outcome")).ToHaveTextAsync("Succeeded");
        var logBefore = fixture.Dashboard.Output.Length;

        using var purge = await client.Http.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}", timeout.Token);
        purge.EnsureSuccessStatusCode();

        await Expect(jobPage.Page.GetByTestId("job-not-found")).ToBeVisibleAsync();
        await Expect(itemPage.Page.GetByTestId("item-not-found")).ToBeVisibleAsync();
        var log = fixture.Dashboard.Output[logBefore..];
        Assert.DoesNotContain("Refreshing", log, StringComparison.Ordinal);
        Assert.DoesNotContain("No instance", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dashboard_started_before_its_orchestrator_says_so_in_one_line_without_stack_traces()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var nobody = FreePorts.Next();
        var (dashboard, url) = await fixture.StartDashboardAsync(nobody, new Dictionary<string, string>(), timeout.Token);
        await using (dashboard)
        {
            var context = await fixture.Browser.NewContextAsync(new() { BaseURL = url });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/jobs");
            await Expect(page.GetByTestId("orchestrator-unreachable")).ToBeVisibleAsync();
            await Expect(page.GetByText("Could not load jobs")).ToBeVisibleAsync();
            await page.GotoAsync("/");
            await Expect(page.GetByTestId("orchestrator-unreachable")).ToBeVisibleAsync();
            await context.CloseAsync();

            var lines = dashboard.Output.Split('\n');
            Assert.Single(lines, l => l.Contains("The orchestrator is unreachable", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"^\s+at \S+\(", RegexOptions.None, TimeSpan.FromSeconds(1)));
            Assert.DoesNotContain(lines, l => l.Contains("Exception:", StringComparison.Ordinal) && !l.Contains("unreachable", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Overview_items_per_second_reflects_a_short_job_that_ran_between_two_readings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        await using var browser = await fixture.OpenAsync("/");
        var page = browser.Page;
        await Expect(page.GetByTestId("rate-value")).ToBeVisibleAsync();

        var id = await Jobs.StartSleepAsync(client, items: 300, milliseconds: 0, batchSize: 100, timeout.Token);
        await client.WaitForAsync(id, timeout.Token);

        // Any rate above zero: on a loaded machine the readings are seconds apart and the job's items spread thin.
        await Expect(page.GetByTestId("rate-value")).ToHaveTextAsync(new Regex(@"^(?!0$)(?!0\.0*$)\d[\d,.]*$"));
    }

    private static double Seconds(string text)
    {
        var match = Regex.Match(text, @"^([\d.]+) (ms|s)$", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(match.Success, $"duration '{text}'");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "ms" ? value / 1000 : value;
    }
}
