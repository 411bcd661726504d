using System.Globalization;
using System.Text.RegularExpressions;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks;

/// <summary>
/// An orchestrator and workers as real processes, with production settings (the test fixtures' short
/// retry delays cleared) plus the given overrides, and the ports their <c>/metrics</c> are scraped on.
/// </summary>
public sealed partial class EngineRig : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Engine _engine;
    private readonly List<(string Name, int Port)> _endpoints = [];
    private DurableClient? _client;

    private EngineRig(Engine engine, IReadOnlyDictionary<string, string> settings)
    {
        _engine = engine;
        Settings = settings;
    }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public DurableClient Client => _client ??= _engine.Client();

    public int OrchestratorPid => _engine.Orchestrator!.Pid;

    /// <summary>Where every service's <c>/metrics</c> is: the orchestrator first, then each worker.</summary>
    public IReadOnlyList<(string Name, int Port)> MetricsEndpoints => _endpoints;

    public static async Task<EngineRig> StartAsync(
        AzuriteFixture storage, int workers, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var engine = new Engine(storage);
        engine.Settings.Clear();
        // Production host defaults; nothing in the services depends on the environment name otherwise.
        engine.Settings["DOTNET_ENVIRONMENT"] = "Production";
        engine.Settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            engine.Settings[key] = value;
        }

        var rig = new EngineRig(engine, settings);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            await engine.StartOrchestratorAsync(timeout.Token);
            rig._endpoints.Add(("orchestrator", engine.OrchestratorPort));
            for (var i = 0; i < workers; i++)
            {
                var worker = await engine.StartWorkerAsync(timeout.Token);
                rig._endpoints.Add((worker.Name, await ListeningPortAsync(worker, timeout.Token)));
            }

            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _engine.DisposeAsync();
    }

    // Engine picks each worker's port itself and does not expose it; Kestrel logs it at start.
    private static async Task<int> ListeningPortAsync(ServiceProcess worker, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (var line in worker.Lines)
            {
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}
