using System.Globalization;
using ComputeEngine.Testing;
using Microsoft.Playwright;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>
/// The real system for browser tests: Azurite, an orchestrator, one worker (4 items at once), the dashboard
/// as a process of its own, an AppHost status stub, and headless Debian Chromium driven by Playwright.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly AzuriteFixture _storage = new();
    private AppHostStub? _appHost;
    private IPlaywright? _playwright;

    public Engine Engine { get; private set; } = null!;

    public ServiceProcess Dashboard { get; private set; } = null!;

    public string DashboardUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does.");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _storage.InitializeAsync();
        Engine = new Engine(_storage);
        await Engine.StartOrchestratorAsync(timeout.Token);
        await Engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__Concurrency"] = "4" });

        _appHost = await AppHostStub.StartAsync(timeout.Token);
        _appHost.Workers = () => Engine.Workers.Where(w => !w.HasExited).Select(w => (w.Name, w.Pid));

        (Dashboard, DashboardUrl) = await StartDashboardAsync(Engine.OrchestratorPort, new Dictionary<string, string>(), timeout.Token);

        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public AzuriteFixture Storage => _storage;

    /// <summary>Another dashboard process on this fixture's storage, in front of the orchestrator on <paramref name="orchestratorPort"/>.</summary>
    public async Task<(ServiceProcess Process, string Url)> StartDashboardAsync(int orchestratorPort, IDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Next()}");
        var environment = new Dictionary<string, string>(settings)
        {
            ["ConnectionStrings__storage"] = _storage.ConnectionString,
            ["ASPNETCORE_URLS"] = url,
            ["services__orchestrator__http__0"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{orchestratorPort}"),
            ["services__apphost__http__0"] = _appHost!.Url,
            ["OTEL_SERVICE_NAME"] = "dashboard",
        };
        var dashboard = ServiceProcess.Start("dashboard", "ComputeEngine.Dashboard", environment);
        await dashboard.WaitHealthyAsync(cancellationToken);
        return (dashboard, url);
    }

    /// <summary>A fresh browser page at <paramref name="width"/> px, navigated to <paramref name="path"/> and connected.</summary>
    public async Task<BrowserPage> OpenAsync(string path, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = DashboardUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(path);
        // No prerendering: the first heading appears only once the interactive circuit renders.
        await page.Locator("main h1").WaitForAsync();
        return new(context, page);
    }

    /// <summary>Starts the orchestrator again (same port) if a test stopped it.</summary>
    public async Task EnsureOrchestratorAsync(CancellationToken cancellationToken)
    {
        if (Engine.Orchestrator is { HasExited: true })
        {
            await Engine.Orchestrator.DisposeAsync();
            await Engine.StartOrchestratorAsync(cancellationToken);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }

        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
