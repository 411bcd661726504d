using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ComputeEngine.Testing;
using Xunit.Abstractions;

namespace ComputeEngine.AppHost.Tests.EndToEnd;

/// <summary>The real AppHost as a process, on free ports, with in-memory Azurite and short scaling intervals.</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    public const int CooldownSeconds = 5;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ITestOutputHelper _log;
    private readonly int _statusPort = FreePorts.Next();
    private readonly int _orchestratorPort = FreePorts.Next();

    private AppHostProcess(ITestOutputHelper log)
    {
        _log = log;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "ComputeEngine.AppHost.dll"),
            "--root", RepositoryRoot.Path, "--in-memory", "--no-dashboard", "--max-replicas", "2",
            "--polling-interval", "1", "--cooldown", Invariant(CooldownSeconds),
            "--status-port", Invariant(_statusPort), "--orchestrator-port", Invariant(_orchestratorPort),
            "--blob-port", Invariant(FreePorts.Next()), "--queue-port", Invariant(FreePorts.Next()), "--table-port", Invariant(FreePorts.Next()),
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet could not be started");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public Uri OrchestratorUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{_orchestratorPort}"));

    public IEnumerable<string> Output => _output;

    public static AppHostProcess Start(ITestOutputHelper log) => new(log);

    /// <summary>Polls <c>GET /status</c> until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Assert.False(_process.HasExited, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                var status = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"http://localhost:{_statusPort}/status"), cancellationToken)).RootElement;
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public Task<JsonElement> WaitUntilHealthyAsync(CancellationToken cancellationToken) =>
        WaitForStatusAsync(status => Resource(status, "orchestrator")?.GetProperty("state").GetString() == "Healthy"
            && status.GetProperty("scaler").GetProperty("lastPoll").ValueKind != JsonValueKind.Null, cancellationToken);

    public async Task<Uri> SubmitJobAsync(int items, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsync(
            new Uri(OrchestratorUrl, $"/api/orchestrators/ComputeOrchestrator?inputCount={items}"), new ByteArrayContent([]), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("statusQueryGetUri").GetString()!);
    }

    /// <summary>Polls the job's status until it is final (200).</summary>
    public static async Task<JsonElement> WaitForJobAsync(Uri statusUri, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var response = await Http.GetAsync(statusUri, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(250, cancellationToken);
        }
    }

    public static JsonElement? Resource(JsonElement status, string name) =>
        status.GetProperty("resources").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("name").GetString() == name);

    public static IEnumerable<JsonElement> Workers(JsonElement status) =>
        status.GetProperty("resources").EnumerateArray().Where(r => r.GetProperty("name").GetString()!.StartsWith("worker-", StringComparison.Ordinal));

    /// <summary>Running processes started (directly or not) by the AppHost whose command line mentions <paramref name="text"/>.</summary>
    public IReadOnlyList<int> ChildrenRunning(string text) =>
        [.. ProcessTree.Descendants(Pid).Where(pid => ProcessTree.CommandLine(pid) is var command
            && command.Contains(text, StringComparison.Ordinal) && !command.Contains("supervisor", StringComparison.Ordinal))];

    public void Signal(string signal, int? pid = null)
    {
        using var kill = Process.Start("kill", ["-s", signal, Invariant(pid ?? Pid)]);
        kill.WaitForExit();
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken) => await _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var line in _output.TakeLast(300))
        {
            _log.WriteLine(line);
        }

        _process.Dispose();
    }

    private static string Invariant(int number) => number.ToString(CultureInfo.InvariantCulture);

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
