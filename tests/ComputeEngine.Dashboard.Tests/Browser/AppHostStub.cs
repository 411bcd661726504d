using System.Globalization;
using System.Text.Json;
using ComputeEngine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>
/// The AppHost's <c>GET /status</c> contract, served in-process so the dashboard runs in its "local" mode
/// against real services without the whole AppHost (whose own tests cover the real endpoint).
/// </summary>
public sealed class AppHostStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppHostStub(WebApplication app, int port)
    {
        _app = app;
        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
    }

    public string Url { get; }

    /// <summary>The worker processes the stub reports, as the AppHost would list its replicas.</summary>
    public Func<IEnumerable<(string Name, int Pid)>> Workers { get; set; } = () => [];

    public static async Task<AppHostStub> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new AppHostStub(app, port);
        app.MapGet("/status", () => Results.Text(stub.StatusJson(), "application/json"));
        await app.StartAsync(cancellationToken);
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string StatusJson()
    {
        var workers = Workers().ToList();
        var now = DateTimeOffset.UtcNow;
        var resources = new[] { new { name = "orchestrator", state = "Healthy", url = (string?)"http://localhost:7071/", pid = (int?)1, restarts = 0, lastExitCode = (int?)null } }
            .Concat(workers.Select(w => new { name = w.Name, state = "Healthy", url = (string?)null, pid = (int?)w.Pid, restarts = 0, lastExitCode = (int?)null }));
        return JsonSerializer.Serialize(new
        {
            resources,
            scaler = new
            {
                queue = "work-items",
                settings = new
                {
                    pollingInterval = "00:00:05", cooldownPeriod = "00:00:30", minReplicaCount = 0, maxReplicaCount = 4,
                    queueLength = 5, activationQueueLength = 0, queueLengthStrategy = "all",
                },
                queueLength = 12,
                replicas = workers.Count,
                lastPoll = now,
                decisions = new[] { new { time = now, queueLength = 12L, from = 0, to = workers.Count, reason = "queue length 12 wants 3 replicas, capped at 4" } },
            },
        });
    }
}
