using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.Orchestrator.Tests.Storage;

/// <summary>
/// <c>/health</c> asks blob, queue and table storage, through the clients <c>AddStorageClients</c> registers
/// with Microsoft.Extensions.Azure: the orchestrator against a real Azurite that is stopped and started again.
/// </summary>
public sealed class StorageHealthTests : IAsyncLifetime
{
    private readonly AzuriteFixture _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Health_is_Healthy_with_storage_Unhealthy_while_it_is_down_and_Healthy_once_it_is_back()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = new OrchestratorApp(_storage.ConnectionString);
        using var http = app.Http();
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(http, "Healthy", timeout.Token));

        _storage.Stop();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync(http, "Unhealthy", timeout.Token));

        await _storage.StartAsync(timeout.Token);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(http, "Healthy", timeout.Token));
    }

    [Theory]
    [InlineData(HealthStatus.Unhealthy, HttpStatusCode.ServiceUnavailable)]
    [InlineData(HealthStatus.Degraded, HttpStatusCode.OK)]
    public async Task Unreachable_storage_reports_what_the_service_chose_within_the_check_timeout(HealthStatus unreachable, HttpStatusCode expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:storage"] = DeadStorage() });
        builder.AddDefaultHealthChecks();
        builder.AddStorageClients(createIfMissing: false, unreachable);
        await using var app = builder.Build();
        app.MapHealthChecks("/health");
        await app.StartAsync(timeout.Token);
        using var http = app.GetTestClient();

        var started = TimeProvider.System.GetTimestamp();
        using var response = await http.GetAsync("/health", timeout.Token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(unreachable.ToString(), await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < StorageHealthCheck.Timeout + TimeSpan.FromSeconds(5), "the check outlasted its timeout");
    }

    [Fact]
    public void The_blob_endpoint_the_chart_passes_gives_sibling_queue_and_table_endpoints()
    {
        // infra/helm/computeengine/templates/_helpers.tpl sets ConnectionStrings__storage to the blob endpoint.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:storage"] = "https://stabc123.blob.core.windows.net/" });
        builder.AddStorageClients(createIfMissing: false);
        using var services = builder.Services.BuildServiceProvider();

        var storage = services.GetRequiredService<StorageClients>();
        Assert.Equal(new Uri("https://stabc123.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://stabc123.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
        Assert.Equal(new Uri("https://stabc123.table.core.windows.net/"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Same(services.GetRequiredService<QueueServiceClient>(), storage.Queues);
    }

    private static string DeadStorage() =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{FreePorts.Next()}/devstoreaccount1;";

    private static async Task<(HttpStatusCode, string)> HealthAsync(HttpClient http, string awaited, CancellationToken cancellationToken)
    {
        // Storage takes a check or two to be seen gone or back: poll until the answer is the awaited one, within
        // the test's timeout, and return the answer whole so the status code is asserted with it.
        while (true)
        {
            using var response = await http.GetAsync("/health", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body == awaited)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
