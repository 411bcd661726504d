using System.Globalization;
using ComputeEngine.Contracts.Api;

namespace ComputeEngine.Testing;

/// <summary>
/// The whole engine as real processes: an orchestrator and workers started from their build output
/// against a real Azurite, each replaceable, killable and restartable by a test.
/// </summary>
public sealed class Engine(AzuriteFixture storage) : IAsyncDisposable
{
    private readonly List<ServiceProcess> _workers = [];
    private readonly DateTimeOffset _createdAt = DateTimeOffset.UtcNow;
    private int _workerNumber;

    public AzuriteFixture Storage => storage;

    public ServiceProcess? Orchestrator { get; private set; }

    public int OrchestratorPort { get; private set; }

    public IReadOnlyList<ServiceProcess> Workers => _workers;

    /// <summary>Settings every process gets, e.g. short retry delays for tests.</summary>
    public Dictionary<string, string> Settings { get; } = new()
    {
        ["Worker__RetryBaseDelay"] = "00:00:00.100",
        ["Worker__RetryMaxDelay"] = "00:00:01",
        ["Worker__VisibilityTimeout"] = "00:00:10",
        ["Worker__ShutdownTimeout"] = "00:00:05",
        // Fault tests make the sleep algorithm fail and hang on cue; production workers refuse that.
        ["Worker__FaultInjection"] = "true",
        ["Orchestrator__DispatchScanInterval"] = "00:00:01",
        ["Orchestrator__DispatchLease"] = "00:00:05",
        // The services turn tiered compilation off for throughput; tests start hundreds of short-lived
        // processes on two cores, where the cheaper tiered start-up keeps the suite from starving itself.
        ["DOTNET_TieredCompilation"] = "1",
    };

    public DurableClient Client() => new(new HttpClient
    {
        BaseAddress = new Uri($"http://127.0.0.1:{OrchestratorPort}"),
        Timeout = TimeSpan.FromSeconds(30),
    });

    public async Task<ServiceProcess> StartOrchestratorAsync(CancellationToken cancellationToken)
    {
        if (OrchestratorPort == 0)
        {
            OrchestratorPort = FreePorts.Next();
        }

        Orchestrator = ServiceProcess.Start("orchestrator", "ComputeEngine.Orchestrator", Environment("orchestrator", OrchestratorPort));
        await Orchestrator.WaitHealthyAsync(cancellationToken);
        return Orchestrator;
    }

    public async Task<ServiceProcess> StartWorkerAsync(CancellationToken cancellationToken, IDictionary<string, string>? extra = null)
    {
        var port = FreePorts.Next();
        var environment = Environment("worker", port);
        environment["Worker__Name"] = $"worker-{Interlocked.Increment(ref _workerNumber)}";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var worker = ServiceProcess.Start(environment["Worker__Name"], "ComputeEngine.Worker", environment);
        _workers.Add(worker);
        await worker.WaitHealthyAsync(cancellationToken);
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        await TerminateUnfinishedJobsAsync();
        foreach (var process in _workers.Append(Orchestrator).OfType<ServiceProcess>())
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>
    /// Tests of one collection share Azurite's queues and tables, one after another. A job a test leaves
    /// unfinished (it failed midway, or did not need the end) would be resumed by the next test's orchestrator
    /// and its messages taken by the next test's workers: an item waiting on a gate the failed test never
    /// removed then holds a worker's message slot for good, and every later test of the collection times out.
    /// Terminated, its messages are dropped by the first worker that reads them.
    /// </summary>
    private async Task TerminateUnfinishedJobsAsync()
    {
        if (Orchestrator is not { HasExited: false })
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{OrchestratorPort}"), Timeout = TimeSpan.FromSeconds(5) };
        if (Settings.TryGetValue("Orchestrator__ApiKey", out var key))
        {
            http.DefaultRequestHeaders.Add(ApiHeaders.FunctionsKey, key);
        }

        var api = OrchestratorApi.Create(http);
        try
        {
            // Creation times are given to the second: from the second this engine was made in.
            var from = _createdAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            using var page = await api.ListAsync(
                string.Join(',', RuntimeStatus.Active), from, null, null, 1000, null, null, timeout.Token);
            foreach (var job in page.Content ?? [])
            {
                using var _ = await api.TerminateAsync(job.InstanceId, "test ended", timeout.Token);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The orchestrator no longer answers: whatever it left, the test that stopped it has seen.
        }
    }

    private Dictionary<string, string> Environment(string service, int port)
    {
        var environment = new Dictionary<string, string>(Settings)
        {
            ["ConnectionStrings__storage"] = storage.ConnectionString,
            ["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
            ["OTEL_SERVICE_NAME"] = service,
        };
        return environment;
    }
}
