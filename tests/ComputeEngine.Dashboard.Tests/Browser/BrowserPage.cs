using Microsoft.Playwright;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>A page in a browser context of its own, closed with it.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;

    /// <summary>Saves a full-page screenshot under the test output folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(DashboardFixture.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Whether the page is wider than the window, i.e. the whole page scrolls sideways.</summary>
    public Task<bool> OverflowsHorizontallyAsync() =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
