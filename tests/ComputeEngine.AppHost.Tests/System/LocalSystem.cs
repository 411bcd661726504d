using System.Globalization;
using ComputeEngine.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>
/// The whole system started through Aspire.Hosting.Testing from the real AppHost: Azurite in memory, every port
/// free, the KEDA rule on short intervals so a test sees workers come and go.
/// </summary>
public sealed class LocalSystem : IAsyncLifetime
{
    public const int CooldownSeconds = 4;

    private DistributedApplication? _app;

    public int OrchestratorPort { get; } = FreePorts.Next();

    public int StatusPort { get; } = FreePorts.Next();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started");

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public Uri OrchestratorUrl => new(Invariant($"http://localhost:{OrchestratorPort}"));

    /// <summary>The Aspire dashboard, where every service sends its telemetry.</summary>
    public Uri AspireDashboardUrl => App.GetEndpoint("aspire-dashboard", "http");

    public Uri StatusUrl => new(Invariant($"http://localhost:{StatusPort}/status"));

    public static string[] Arguments(int orchestratorPort, int statusPort) =>
    [
        "--in-memory=true", "--dashboard=false", "--console=false",
        "--max-replicas=2", "--polling-interval=1", Invariant($"--cooldown={CooldownSeconds}"),
        Invariant($"--orchestrator-port={orchestratorPort}"), Invariant($"--status-port={statusPort}"),
        Invariant($"--blob-port={FreePorts.Next()}"), Invariant($"--queue-port={FreePorts.Next()}"), Invariant($"--table-port={FreePorts.Next()}"),
    ];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        string[] aspireDashboard =
        [
            // Its telemetry API answers without a key, for the trace test.
            "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            // The project's dashboard polls the API once a second, which the trace test must not see.
            Invariant($"--dashboard=true"), Invariant($"--dashboard-port={FreePorts.Next()}"),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ComputeEngine_AppHost>(
            [.. Arguments(OrchestratorPort, StatusPort), .. aspireDashboard],
            // As users run it: with the Aspire dashboard receiving every service's telemetry.
            (app, _) => app.DisableDashboard = false,
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await Notifications.WaitForResourceHealthyAsync("orchestrator", timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public DurableClient Client() => new(new HttpClient { BaseAddress = OrchestratorUrl, Timeout = TimeSpan.FromSeconds(30) });

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
