using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.EndToEnd;

/// <summary>
/// One real Azurite, orchestrator and worker for all the CLI's end-to-end tests, which run one at a time
/// and tell their jobs apart by id; retries are quick so failing jobs fail in well under a second.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public AzuriteFixture Storage { get; } = new();

    public Engine Engine { get; private set; } = null!;

    /// <summary>The environment the CLI reads: where the orchestrator and its storage are.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Storage.InitializeAsync();
        Engine = new Engine(Storage);
        Engine.Settings["Worker__RetryBaseDelay"] = "00:00:00.050";
        Engine.Settings["Worker__RetryMaxDelay"] = "00:00:00.200";
        await Engine.StartOrchestratorAsync(timeout.Token);
        await Engine.StartWorkerAsync(timeout.Token);
        Environment["COMPUTEENGINE_URL"] = $"http://127.0.0.1:{Engine.OrchestratorPort}";
        Environment["COMPUTEENGINE_STORAGE"] = Storage.ConnectionString;
    }

    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) =>
        CliRun.RunAsync(Environment, cancellationToken, args);

    /// <summary>A fresh job id, readable in a failure message.</summary>
    public static string NewId(string name) => $"cli-{name}-{Guid.NewGuid():N}";

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
