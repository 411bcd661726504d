using ComputeEngine.Testing;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>One Azurite and the orchestrator variants the API tests need: plain, key-protected and with tiny limits.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ApiKey = "k3y/with+special=chars";
    public const int MaxRequestBytes = 1024;
    public const int MaxItemsPerJob = 5;
    public const int MaxFollowers = 1;
    public static readonly TimeSpan MaxFollowDuration = TimeSpan.FromSeconds(3);

    private readonly Lazy<OrchestratorApp> _keyed;
    private readonly Lazy<OrchestratorApp> _limited;

    public ApiFixture()
    {
        _keyed = new(() => new OrchestratorApp(Storage.ConnectionString, new Dictionary<string, string?> { ["Orchestrator:ApiKey"] = ApiKey }));
        _limited = new(() => new OrchestratorApp(Storage.ConnectionString, new Dictionary<string, string?>
        {
            ["Orchestrator:MaxRequestBytes"] = MaxRequestBytes.ToString(),
            ["Orchestrator:MaxItemsPerJob"] = MaxItemsPerJob.ToString(),
            ["Orchestrator:MaxFollowers"] = MaxFollowers.ToString(),
            ["Orchestrator:MaxFollowDuration"] = MaxFollowDuration.ToString(),
        }));
    }

    public AzuriteFixture Storage { get; } = new();

    public OrchestratorApp App { get; private set; } = null!;

    public OrchestratorApp Keyed => _keyed.Value;

    public OrchestratorApp Limited => _limited.Value;

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        // No worker counts anything here, and these tests look at jobs fanned out whole: the dispatch window
        // is opened past any job they start (the window is tested with workers in FairShareTests).
        App = new OrchestratorApp(Storage.ConnectionString, new Dictionary<string, string?> { ["Orchestrator:DispatchWindow"] = "100000" });
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _keyed, _limited }.Where(l => l.IsValueCreated).Select(l => l.Value).Append(App))
        {
            await app.DisposeAsync();
        }

        await Storage.DisposeAsync();
    }
}

/// <summary>API tests share one Azurite and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
