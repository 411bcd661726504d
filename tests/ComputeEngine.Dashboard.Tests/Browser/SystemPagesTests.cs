using ComputeEngine.Testing;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class SystemPagesTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Workers_page_lists_the_live_worker_with_its_heartbeat_and_the_AppHost_replicas()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await fixture.EnsureOrchestratorAsync(timeout.Token);

        await using var browser = await fixture.OpenAsync("/workers");
        var page = browser.Page;
        var worker = page.Locator("[data-testid=worker-row][data-worker='worker-1']");
        await Expect(worker).ToBeVisibleAsync();
        await Expect(worker.GetByTestId("status")).ToHaveTextAsync("Running");
        await Expect(worker.GetByTestId("worker-heartbeat")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)? (ms|s) ago$"));
        await Expect(page.GetByTestId("replica-row")).ToContainTextAsync("worker-1");
        await Expect(page.GetByTestId("scaler-replicas")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("environment")).ToHaveTextAsync("running locally (AppHost)");
    }

    [Fact]
    public async Task Unreachable_banner_appears_when_the_orchestrator_dies_and_clears_by_itself_when_it_is_back()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);

        await using var browser = await fixture.OpenAsync("/jobs");
        var page = browser.Page;
        var banner = page.GetByTestId("orchestrator-unreachable");
        await Expect(banner).ToHaveCountAsync(0);

        fixture.Engine.Orchestrator!.Kill();
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Orchestrator unreachable");

        await fixture.EnsureOrchestratorAsync(timeout.Token);
        await Expect(banner).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("filter-description")).ToBeVisibleAsync();
    }
}
