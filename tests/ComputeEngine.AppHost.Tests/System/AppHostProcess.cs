using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ComputeEngine.Testing;
using Xunit.Abstractions;

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>
/// The AppHost as a user starts it (its own process, Aspire dashboard included), on free ports, so a test can
/// signal it. Every process it starts inherits <see cref="Marker"/>, which is how a test finds what is left.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private const string MarkerVariable = "COMPUTEENGINE_APPHOST_TEST";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ITestOutputHelper _log;
    private readonly int _statusPort = FreePorts.Next();

    private AppHostProcess(ITestOutputHelper log, IEnumerable<string> arguments)
    {
        _log = log;
        var info = AppHostLaunch.StartInfo(
            Path.Combine(AppContext.BaseDirectory, "ComputeEngine.AppHost.dll"), arguments.Concat(LocalSystem.Arguments(FreePorts.Next(), _statusPort)));
        info.Environment[MarkerVariable] = Marker;

        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Marker { get; } = Guid.NewGuid().ToString("N");

    public int Pid => _process.Id;

    public static AppHostProcess Start(ITestOutputHelper log, params string[] arguments) => new(log, arguments);

    /// <summary>Polls the AppHost's <c>GET /status</c> until <paramref name="condition"/> holds.</summary>
    public Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, CancellationToken cancellationToken) =>
        AppHostLaunch.WaitForStatusAsync(Http, _statusPort, _process, condition, cancellationToken);

    /// <summary>Every live process that inherited this AppHost's marker (DCP, Azurite, services, replicas), with its command line.</summary>
    public IReadOnlyDictionary<int, string> Descendants() => ProcessTree.WithEnvironment(MarkerVariable, Marker)
        .Where(pid => pid != Pid && ProcessTree.IsAlive(pid))
        .ToDictionary(pid => pid, ProcessTree.CommandLine);

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, Pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var pid in Descendants().Keys)
        {
            using var leftover = Process.GetProcessById(pid);
            leftover.Kill();
        }

        foreach (var line in _output.TakeLast(200))
        {
            _log.WriteLine(line);
        }

        _process.Dispose();
    }


    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
