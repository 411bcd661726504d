using System.Net;
using System.Text.RegularExpressions;
using ComputeEngine.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>
/// With the orchestrator's key configured, the dashboard (which acts with that key) asks for it once
/// before anything is shown or done; read-only viewing opens only when configured so.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SignInTests(DashboardFixture fixture)
{
    private const string Key = "dashboard-k3y/with+chars";

    [Fact]
    public async Task A_keyed_dashboard_asks_for_the_key_once_then_acts_and_signs_out()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var keyed = await KeyedOrchestratorAsync(timeout.Token);
        var (dashboard, url) = await fixture.StartDashboardAsync(keyed.OrchestratorPort, KeySettings(), timeout.Token);
        await using var _ = dashboard;

        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url) })
        {
            using var jobs = await http.GetAsync("/jobs", timeout.Token);
            Assert.Equal(HttpStatusCode.Redirect, jobs.StatusCode);
            Assert.StartsWith("/signin", jobs.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            using var health = await http.GetAsync("/health", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = url });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jobs");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByTestId("signin-key").FillAsync("not the key");
        await page.GetByTestId("signin-button").ClickAsync();
        await Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();

        await page.GetByTestId("signin-key").FillAsync(Key);
        await page.GetByTestId("signin-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Jobs");
        await page.GetByTestId("start-items").FillAsync("3");
        await page.GetByTestId("start-sleep").FillAsync("0");
        await page.GetByTestId("start-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/jobs/[0-9a-f]{32}$"));
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using (var client = keyed.Client())
        {
            client.Http.DefaultRequestHeaders.Add("x-functions-key", Key);
            Assert.Equal(HttpStatusCode.Accepted, (await client.GetStatusAsync(id, timeout.Token)).Status);
        }

        await page.GetByTestId("signout-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GotoAsync("/jobs");
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Guessing_the_key_is_slowed_to_ten_tries_a_minute()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var keyed = await KeyedOrchestratorAsync(timeout.Token);
        var (dashboard, url) = await fixture.StartDashboardAsync(keyed.OrchestratorPort, KeySettings(), timeout.Token);
        await using var _ = dashboard;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        var form = await http.GetStringAsync("/signin", timeout.Token);
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, form);

        var codes = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 11; attempt++)
        {
            using var response = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
                ["key"] = $"guess-{attempt}",
                ["returnUrl"] = "/",
            }), timeout.Token);
            codes.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Append(HttpStatusCode.TooManyRequests), codes);
    }

    [Fact]
    public async Task With_anonymous_read_pages_open_but_job_actions_need_sign_in()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var keyed = await KeyedOrchestratorAsync(timeout.Token);
        var settings = KeySettings();
        settings["Dashboard__Access__AnonymousRead"] = "true";
        var (dashboard, url) = await fixture.StartDashboardAsync(keyed.OrchestratorPort, settings, timeout.Token);
        await using var _ = dashboard;

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = url });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/jobs");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Jobs");
        await Expect(page.GetByTestId("signin-needed")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("start-button")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("purge-start")).ToHaveCountAsync(0);

        await page.GetByTestId("signin-needed").GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByTestId("signin-key").FillAsync(Key);
        await page.GetByTestId("signin-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Expect(page.GetByTestId("start-button")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    private static Dictionary<string, string> KeySettings() => new() { ["Orchestrator__ApiKey"] = Key };

    private async Task<Engine> KeyedOrchestratorAsync(CancellationToken cancellationToken)
    {
        var engine = new Engine(fixture.Storage);
        engine.Settings["Orchestrator__ApiKey"] = Key;
        await engine.StartOrchestratorAsync(cancellationToken);
        return engine;
    }

    [GeneratedRegex("""name="(?<name>__RequestVerificationToken[^"]*)" value="(?<value>[^"]*)""")]
    private static partial Regex AntiforgeryField();
}
