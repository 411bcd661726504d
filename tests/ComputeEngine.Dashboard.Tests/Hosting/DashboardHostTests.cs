using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using ComputeEngine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.Dashboard.Tests.Hosting;

public sealed class DashboardHostTests
{
    // A port nothing listens on: storage reads fail fast and the dashboard must still serve its pages.
    private static readonly string DeadStorage =
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;";

    [Fact]
    public async Task Dashboard_finds_the_orchestrator_through_service_discovery_and_sends_its_api_key()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var seen = new ConcurrentQueue<(string Path, string? Key)>();
        await using var orchestrator = await StartOrchestratorStubAsync(seen, timeout.Token);
        await using var dashboard = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("services:orchestrator:http:0", orchestrator.Urls.Single())
            .UseSetting("Orchestrator:ApiKey", "s3cret")
            .UseSetting("ConnectionStrings:storage", DeadStorage));
        using var http = dashboard.CreateClient();

        using var health = await http.GetAsync("/health", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        while (seen.IsEmpty)
        {
            await Task.Delay(50, timeout.Token);
        }

        var (path, key) = seen.First();
        Assert.Equal("/runtime/webhooks/durabletask/instances", path);
        Assert.Equal("s3cret", key);
    }

    [Fact]
    public async Task Pages_are_served_with_their_stylesheet_and_the_blazor_script_and_unknown_addresses_are_404()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var dashboard = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("services:orchestrator:http:0", $"http://127.0.0.1:{FreePorts.Next()}")
            .UseSetting("ConnectionStrings:storage", DeadStorage));
        using var http = dashboard.CreateClient();

        foreach (var path in new[] { "/", "/jobs", "/jobs/some-id", "/workers" })
        {
            var html = await http.GetStringAsync(path, timeout.Token);
            Assert.Contains("_framework/blazor.web", html, StringComparison.Ordinal);
            Assert.Contains("<link rel=\"stylesheet\" href=\"app.", html, StringComparison.Ordinal);
        }

        using var missing = await http.GetAsync("/no-such-page", timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<WebApplication> StartOrchestratorStubAsync(ConcurrentQueue<(string, string?)> seen, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Next()}"));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/runtime/webhooks/durabletask/instances", (HttpRequest request) =>
        {
            seen.Enqueue((request.Path, request.Headers["x-functions-key"].FirstOrDefault()));
            return Results.Text("[]", "application/json");
        });
        await app.StartAsync(cancellationToken);
        return app;
    }
}
