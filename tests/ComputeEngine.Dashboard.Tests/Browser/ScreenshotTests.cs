using ComputeEngine.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

[Collection(DashboardCollection.Name)]
public sealed class ScreenshotTests(DashboardFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task Every_page_fits_the_window_without_sideways_scrolling_and_is_saved_as_a_screenshot(int width, int height)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.EnsureOrchestratorAsync(timeout.Token);
        using var client = fixture.Engine.Client();
        var inputs = Enumerable.Range(0, 160).Select(i => i % 25 == 4 ? """{"ms":300,"fail":true}""" : """{"ms":300}""");
        var started = await client.StartAsync($$"""{"algorithm":"sleep","batchSize":5,"inputs":[{{string.Join(",", inputs)}}]}""", null, timeout.Token);
        var id = started.GetProperty("id").GetString()!;

        var pages = new (string Name, string Path, string Ready)[]
        {
            ("overview", "/", "[data-testid=job-row]"),
            ("jobs", "/jobs", "[data-testid=job-row]"),
            ("job", $"/jobs/{id}", "[data-testid=item-row]"),
            ("workers", "/workers", "[data-testid=worker-row]"),
        };
        foreach (var (name, path, ready) in pages)
        {
            await using var browser = await fixture.OpenAsync(path, width, height);
            await Expect(browser.Page.Locator(ready).First).ToBeVisibleAsync();
            if (name == "job")
            {
                await Expect(browser.Page.GetByTestId("timeline").Locator("rect.tl-run").First).ToBeVisibleAsync();
            }

            var file = await browser.ScreenshotAsync($"{name}-{width}");
            output.WriteLine($"screenshot: {file}");
            Console.WriteLine($"screenshot: {file}");
            Assert.False(await browser.OverflowsHorizontallyAsync(), $"the {name} page scrolls sideways at {width} px");
        }

        await client.WaitForAsync(id, timeout.Token);
    }
}
