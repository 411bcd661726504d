using System.Globalization;
using System.Net;
using System.Text;
using ComputeEngine.Cli.Api;
using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.Unit;

/// <summary>The list filters as the orchestrator receives them from the CLI's client, over a real socket.</summary>
public sealed class ListQueryTests
{
    [Fact]
    public async Task List_filters_become_the_apis_query_string()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var filter = new InstanceListFilter(["Running", "Failed"], new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)), null, "job a");

        Assert.Equal(
            "?runtimeStatus=Running%2CFailed&createdTimeFrom=2026-01-02T02%3A04%3A05.0000000Z&instanceIdPrefix=job%20a&top=50",
            await QueryAsync(client => client.ListAsync(filter, 50, null, timeout.Token), timeout.Token));
        Assert.Equal("?top=1000", await QueryAsync(client => client.ListAsync(new InstanceListFilter([], null, null, null), 5000, null, timeout.Token), timeout.Token));
    }

    private static async Task<string> QueryAsync(Func<OrchestratorClient, Task> call, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePorts.Next()}/");
        using var listener = new HttpListener { Prefixes = { url } };
        listener.Start();
        using var client = new OrchestratorClient(new Uri(url), key: null);
        var listed = call(client);
        var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
        var raw = context.Request.RawUrl!;
        var query = raw[raw.IndexOf('?', StringComparison.Ordinal)..];
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("[]"), cancellationToken);
        context.Response.Close();
        await listed.WaitAsync(cancellationToken);
        return query;
    }
}
