using ComputeEngine.Testing;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class JobsListTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Jobs_filter_by_status_and_id_prefix_shows_only_matching_jobs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var prefix = "filter-" + Guid.NewGuid().ToString("N")[..8];
        await client.StartAsync("""{"inputCount":2}""", $"{prefix}-a-1", timeout.Token);
        await client.StartAsync("""{"inputCount":2}""", $"{prefix}-b-1", timeout.Token);
        await client.WaitForAsync($"{prefix}-a-1", timeout.Token);
        await client.WaitForAsync($"{prefix}-b-1", timeout.Token);
        await Jobs.StartSleepAsync(client, items: 50, milliseconds: 1000, batchSize: 5, timeout.Token, $"{prefix}-a-2");
        using var suspended = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{prefix}-a-2/suspend", timeout.Token);
        Assert.True(suspended.IsSuccessStatusCode);

        try
        {
            await using var browser = await fixture.OpenAsync("/jobs");
            var page = browser.Page;
            var rows = page.GetByTestId("job-row");

            await page.GetByTestId("prefix").FillAsync($"{prefix}-a");
            await page.GetByTestId("status-Completed").CheckAsync();
            await page.GetByTestId("apply-filter").ClickAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.First).ToHaveAttributeAsync("data-instance", $"{prefix}-a-1");

            await page.GetByTestId("status-Completed").UncheckAsync();
            await page.GetByTestId("status-Suspended").CheckAsync();
            await page.GetByTestId("apply-filter").ClickAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.First).ToHaveAttributeAsync("data-instance", $"{prefix}-a-2");
            await Expect(rows.First.GetByTestId("status")).ToHaveTextAsync("Suspended");

            await page.GetByTestId("status-Suspended").UncheckAsync();
            await page.GetByTestId("prefix").FillAsync(prefix);
            await page.GetByTestId("apply-filter").ClickAsync();
            await Expect(rows).ToHaveCountAsync(3);

            await page.GetByTestId("range").SelectOptionAsync("15m");
            await page.GetByTestId("apply-filter").ClickAsync();
            await Expect(rows).ToHaveCountAsync(3);
        }
        finally
        {
            using var _ = await client.PostAsync($"/runtime/webhooks/durabletask/instances/{prefix}-a-2/terminate", CancellationToken.None);
        }
    }

    [Fact]
    public async Task Bulk_purge_asks_for_confirmation_then_purges_only_the_finished_jobs_matching_the_filter()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var prefix = "purge-" + Guid.NewGuid().ToString("N")[..8];
        await client.StartAsync("""{"inputCount":2}""", $"{prefix}-1", timeout.Token);
        await client.StartAsync("""{"inputCount":2}""", $"{prefix}-2", timeout.Token);
        await client.StartAsync("""{"inputCount":2}""", $"kept-{prefix}", timeout.Token);
        await client.WaitForAsync($"{prefix}-1", timeout.Token);
        await client.WaitForAsync($"{prefix}-2", timeout.Token);
        await client.WaitForAsync($"kept-{prefix}", timeout.Token);

        await using var browser = await fixture.OpenAsync("/jobs");
        var page = browser.Page;
        await page.GetByTestId("prefix").FillAsync(prefix);
        await page.GetByTestId("apply-filter").ClickAsync();
        await Expect(page.GetByTestId("job-row")).ToHaveCountAsync(2);

        await page.GetByTestId("purge-start").ClickAsync();
        await Expect(page.GetByTestId("purge-confirm")).ToContainTextAsync($"id starting with \"{prefix}\"");
        var (status, _) = await client.GetStatusAsync($"{prefix}-1", timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);

        await page.GetByTestId("purge-confirm-button").ClickAsync();
        await Expect(page.GetByTestId("purge-outcome")).ToHaveTextAsync("Purged 2 finished jobs.");
        await Expect(page.GetByTestId("no-jobs")).ToBeVisibleAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetStatusAsync($"{prefix}-1", timeout.Token)).Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetStatusAsync($"{prefix}-2", timeout.Token)).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetStatusAsync($"kept-{prefix}", timeout.Token)).Status);
    }
}
