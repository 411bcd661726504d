using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace ComputeEngine.Testing;

/// <summary>A real service process (orchestrator or worker) started from its build output, its output captured.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(string name, Process process, Uri? url)
    {
        Name = name;
        Url = url;
        _process = process;
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>Where the service listens (its ASPNETCORE_URLS), when it was given one.</summary>
    public Uri? Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join('\n', _lines);

    /// <summary>The configuration (Debug/Release) the tests were built in, so services run from the same build.</summary>
    public static string Configuration { get; } =
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    public static string DllPath(string project) =>
        Path.Combine(RepositoryRoot.Path, project, "bin", Configuration, "net10.0", project + ".dll");

    /// <summary>Polls <c>/health</c> at <see cref="Url"/> until it answers 2xx; fails at once if the process exits.</summary>
    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during start:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not become healthy:\n{Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    public static ServiceProcess Start(string name, string project, IDictionary<string, string> environment)
    {
        var dll = DllPath(project);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first ({dll} is missing).", dll);
        }

        var start = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var url = environment.TryGetValue("ASPNETCORE_URLS", out var urls) ? new Uri(urls.Split(';')[0]) : null;
        return new ServiceProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"), url);
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Terminate() => Signals.Send(_process.Id, Signals.SigTerm);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 20_000)
        {
            _lines.TryDequeue(out _);
        }
    }
}
