using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class ItemPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_failed_item_is_two_clicks_from_its_job_with_every_attempt_its_stack_trace_and_backoff_apart_from_queue_wait()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var started = await client.StartAsync("""{"algorithm":"sleep","batchSize":2,"inputs":[{"ms":1,"fail":true},{"ms":4,"tag":"ok"}]}""", null, timeout.Token);
        var id = started.GetProperty("id").GetString()!;
        await client.WaitForAsync(id, timeout.Token);
        var api = Jobs.Parse(await client.Http.GetStringAsync($"/api/instances/{id}/items/0", timeout.Token));
        var attempts = api.GetProperty("attempts").GetInt32();

        await using var browser = await fixture.OpenAsync($"/jobs/{id}");
        var page = browser.Page;
        await page.GetByTestId("first-error").GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{id}/items/0$"));
        await Expect(page.GetByTestId("item-title")).ToHaveTextAsync("Item 0");
        var rows = page.GetByTestId("attempt-row");
        await Expect(rows).ToHaveCountAsync(attempts);
        Assert.True(attempts > 1, $"{attempts} attempts");
        var outcomes = await page.GetByTestId("attempt-outcome").AllInnerTextsAsync();
        Assert.Equal([.. Enumerable.Repeat("Retried", attempts - 1), "Failed"], outcomes);
        await Expect(rows.Last).ToContainTextAsync("InvalidOperationException: sleep: asked to fail.");
        await Expect(rows.Last).ToContainTextAsync(fixture.Engine.Workers[0].Name);
        await rows.Last.Locator("summary").ClickAsync();
        await Expect(rows.Last.GetByTestId("attempt-detail")).ToContainTextAsync("at ComputeEngine.Worker.Algorithms.SleepAlgorithm");
        await Expect(page.GetByTestId("item-input")).ToContainTextAsync("\"fail\": true");
        await Expect(page.GetByTestId("item-output-none")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=phase][data-kind=backoff]")).ToHaveCountAsync(attempts - 1);
        await Expect(page.Locator("[data-testid=phase][data-kind=wait]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("item-backoff")).Not.ToHaveTextAsync("–");
        await browser.ScreenshotAsync("item-page");

        await page.GetByTestId("job-link").ClickAsync();
        await page.Locator("[data-testid=item-row]").Nth(1).GetByTestId("item-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{id}/items/1$"));
        await Expect(page.GetByTestId("item-output")).ToContainTextAsync("\"sleptMs\": 4");
        await Expect(page.GetByTestId("item-output")).ToContainTextAsync("\"tag\": \"ok\"");
        await Expect(page.GetByTestId("attempt-outcome")).ToHaveTextAsync("Succeeded");
    }
}
