using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.Benchmarks;

/// <summary>
/// The AppHost from its Release build, as a user runs it (Aspire starts Azurite, the orchestrator and, through
/// the local KEDA-rule autoscaler, the workers), on free ports, in memory, without the project's dashboard.
/// </summary>
public sealed class LocalAppHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly int _statusPort = FreePorts.Next();
    private readonly int _orchestratorPort = FreePorts.Next();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private LocalAppHost(int maxReplicas)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "ComputeEngine.AppHost", "bin", "Release", "net10.0", "ComputeEngine.AppHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the AppHost in Release first.", dll);
        }

        var info = AppHostLaunch.StartInfo(dll,
        [
            "--in-memory=true", "--dashboard=false", "--console=false", Invariant($"--max-replicas={maxReplicas}"),
            Invariant($"--orchestrator-port={_orchestratorPort}"), Invariant($"--status-port={_statusPort}"),
            Invariant($"--blob-port={FreePorts.Next()}"), Invariant($"--queue-port={FreePorts.Next()}"), Invariant($"--table-port={FreePorts.Next()}"),
        ]);
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Client = new DurableClient(new HttpClient { BaseAddress = new Uri(AppHostLaunch.Localhost(_orchestratorPort)), Timeout = TimeSpan.FromSeconds(30) });
    }

    public DurableClient Client { get; }

    public static LocalAppHost Start(int maxReplicas) => new(maxReplicas);

    /// <summary>Polls the AppHost's <c>GET /status</c> (worker replicas, the scaler's decisions) until <paramref name="condition"/> holds.</summary>
    public Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, CancellationToken cancellationToken) =>
        AppHostLaunch.WaitForStatusAsync(_http, _statusPort, _process, condition, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SigTerm);
            using var grace = new CancellationTokenSource(ShutdownGrace);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        Client.Dispose();
        _http.Dispose();
        _process.Dispose();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
