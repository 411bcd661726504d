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
        await Expect(page.GetByTestId("purge-count")).ToHaveTextAsync("2 jobs");
        await Expect(page.GetByTestId("purge-confirm-button")).ToHaveTextAsync("Purge 2 jobs");
        var (status, _) = await client.GetStatusAsync($"{prefix}-1", timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);

        await page.GetByTestId("purge-confirm-button").ClickAsync();
        await Expect(page.GetByTestId("purge-outcome")).ToHaveTextAsync("Purged 2 finished jobs.");
        await Expect(page.GetByTestId("no-jobs")).ToBeVisibleAsync();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetStatusAsync($"{prefix}-1", timeout.Token)).Status);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetStatusAsync($"{prefix}-2", timeout.Token)).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetStatusAsync($"kept-{prefix}", timeout.Token)).Status);
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_not_by_id_and_sort_by_a_column_header()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var prefix = "sort-" + Guid.NewGuid().ToString("N")[..8];
        // Created a, then c, then b: id order (a, b, c) is neither newest first (b, c, a) nor oldest first (a, c, b).
        foreach (var suffix in new[] { "a", "c", "b" })
        {
            await client.StartAsync("""{"inputCount":2}""", $"{prefix}-{suffix}", timeout.Token);
            await client.WaitForAsync($"{prefix}-{suffix}", timeout.Token);
            // The API gives createdTime to the second: the next job must be created in a later second to sort apart.
            var (_, status) = await client.GetStatusAsync($"{prefix}-{suffix}", timeout.Token);
            var created = status.GetProperty("createdTime").GetDateTimeOffset();
            while (DateTimeOffset.UtcNow < created.AddSeconds(1))
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        await using var browser = await fixture.OpenAsync("/jobs");
        var page = browser.Page;
        await page.GetByTestId("prefix").FillAsync(prefix);
        await page.GetByTestId("apply-filter").ClickAsync();
        var rows = page.GetByTestId("job-row");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal([$"{prefix}-b", $"{prefix}-c", $"{prefix}-a"], await IdsAsync(rows));

        await page.GetByTestId("sort-created").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-instance", $"{prefix}-a");
        Assert.Equal([$"{prefix}-a", $"{prefix}-c", $"{prefix}-b"], await IdsAsync(rows));
        await page.GetByTestId("sort-updated").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-instance", $"{prefix}-b");
        await Expect(page.GetByTestId("sort-updated")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(page.GetByTestId("sort-duration")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sort-status")).ToBeVisibleAsync();
    }

    private static async Task<List<string>> IdsAsync(Microsoft.Playwright.ILocator rows)
    {
        var ids = new List<string>();
        foreach (var row in await rows.AllAsync())
        {
            ids.Add((await row.GetAttributeAsync("data-instance"))!);
        }

        return ids;
    }
}
