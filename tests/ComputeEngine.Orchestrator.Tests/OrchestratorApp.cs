using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// The orchestrator in-process on a real Kestrel port (so clients see what curl would: real Host headers,
/// real body limits), with its background services and no worker: jobs fan out and stay Running.
/// </summary>
public sealed class OrchestratorApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public OrchestratorApp(string connectionString, IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:storage"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        UseKestrel(0);
        StartServer();
    }

    public HttpClient Http() => CreateDefaultClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
}
