using ComputeEngine.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class LiveJobTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Job_page_shows_the_counts_the_api_reports_and_they_move_without_a_reload()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var id = "live-" + Guid.NewGuid().ToString("N");

        // The page is open before the job exists, so it sees the whole run, from not found to the last count.
        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        await Expect(page.GetByTestId("job-not-found")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => window.sameDocument = true");
        await Jobs.StartSleepAsync(client, items: 300, milliseconds: 50, batchSize: 5, timeout.Token, id);
        var succeeded = page.GetByTestId("job-succeeded");
        var shown = new List<int>();
        (string Status, int Succeeded, int Failed) api;
        do
        {
            var onPage = Jobs.Number(await succeeded.InnerTextAsync());
            api = await Jobs.StatusAsync(client, id, timeout.Token);
            Assert.True(onPage <= api.Succeeded, $"the page showed {onPage} succeeded before the API reported {api.Succeeded}");
            shown.Add(onPage);
            await Task.Delay(100, timeout.Token);
        }
        while (!Jobs.IsFinal(api.Status));

        Assert.Equal(("Completed", 300, 0), api);
        await Expect(succeeded).ToHaveTextAsync("300");
        await Expect(page.GetByTestId("job-failed")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("job-left")).ToHaveTextAsync("0");
        await Expect(page.Locator(".job-summary").GetByTestId("status")).ToHaveTextAsync("Completed");
        Assert.Contains(shown, count => count is > 0 and < 300);
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
    }

    [Fact]
    public async Task Overview_lists_a_running_job_with_live_workers_and_items_per_second_then_drops_it_when_done()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var id = await Jobs.StartSleepAsync(client, items: 200, milliseconds: 100, batchSize: 5, timeout.Token);

        await using var browser = await fixture.OpenAsync("/");
        var page = browser.Page;
        var row = page.Locator($"[data-testid=job-row][data-instance='{id}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByTestId("environment")).ToHaveTextAsync("running locally (AppHost)");
        await Expect(page.GetByTestId("workers-value")).ToHaveTextAsync("1 running");
        await Expect(page.GetByTestId("nodes-value")).ToHaveTextAsync("local");
        await Expect(page.GetByTestId("rate-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9][\d,.]*$"));

        await client.WaitForAsync(id, timeout.Token);
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Terminate_from_the_job_page_stops_the_job_and_the_api_reports_Terminated()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var id = await Jobs.StartSleepAsync(client, items: 100, milliseconds: 1000, batchSize: 5, timeout.Token);

        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        await page.GetByTestId("action-terminate").ClickAsync();
        await Expect(page.GetByTestId("action-confirm")).ToBeVisibleAsync();
        await page.GetByTestId("action-confirm-button").ClickAsync();

        await Expect(page.GetByTestId("action-outcome")).ToHaveTextAsync("Termination requested");
        await Expect(page.Locator(".job-summary").GetByTestId("status")).ToHaveTextAsync("Terminated");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("ExecutionTerminated");
        await Expect(page.GetByTestId("action-terminate")).ToHaveCountAsync(0);
        var (status, succeeded, _) = await Jobs.StatusAsync(client, id, timeout.Token);
        Assert.Equal("Terminated", status);
        Assert.True(succeeded < 100, $"{succeeded} items succeeded: the job ran to the end instead of stopping");
    }

    [Fact]
    public async Task Items_table_filters_by_status_and_pages_through_a_large_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var inputs = Enumerable.Range(0, 120).Select(i => i % 40 == 7 ? """{"ms":5,"fail":true}""" : """{"ms":5}""");
        var started = await client.StartAsync($$"""{"algorithm":"sleep","batchSize":10,"inputs":[{{string.Join(",", inputs)}}]}""", null, timeout.Token);
        var id = started.GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token);

        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        var rows = page.GetByTestId("item-row");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(page.GetByTestId("timeline").Locator("rect.tl-run")).ToHaveCountAsync(50);
        await page.GetByTestId("next-page").ClickAsync();
        await Expect(page.GetByText("page 2")).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(50);
        await page.GetByTestId("next-page").ClickAsync();
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.GetByTestId("next-page")).ToBeDisabledAsync();

        await page.GetByTestId("item-status").SelectOptionAsync("Failed");
        await Expect(page.GetByText("page 1")).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(3);
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row.GetByTestId("status")).ToHaveTextAsync("Failed");
        }

        await Expect(page.Locator(".job-summary").GetByTestId("status")).ToHaveTextAsync("Failed");
        await Expect(page.GetByTestId("action-rewind")).ToBeVisibleAsync();
    }
}
