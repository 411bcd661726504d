using System.ComponentModel;
using System.Diagnostics;
using ComputeEngine.AppHost.Model;

namespace ComputeEngine.AppHost.Running;

/// <summary>Runs one resource: starts it, watches its readiness, restarts it with backoff when it crashes.</summary>
internal sealed class ResourceProcess(ResourceSpec spec, ConsoleOutput console, HttpClient http, ILogger<ResourceProcess> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChildProcess? _current;
    private Task _run = Task.CompletedTask;

    public string Name => spec.Name;

    public Uri? Url => spec.Url;

    public ResourceState State { get; private set; } = ResourceState.Starting;

    public int? Pid => _current?.Pid;

    public int Restarts { get; private set; }

    public int? LastExitCode { get; private set; }

    /// <summary>Completes the first time the resource passes its readiness probe.</summary>
    public Task WhenReady => _ready.Task;

    public void Start() => _run = Task.Run(() => SuperviseAsync(_stop.Token));

    /// <summary>SIGTERM, then kill what still runs after <paramref name="grace"/>. Never counts as a crash.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        ChildProcess? child;
        lock (_gate)
        {
            // A replica drained by the autoscaler may be stopped again at shutdown, after it was disposed.
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
            }

            child = _current;
        }

        if (child is not null && !child.Exited.IsCompleted)
        {
            State = ResourceState.Stopping;
            child.RequestStop();
            if (await Task.WhenAny(child.Exited, Task.Delay(grace)) != child.Exited)
            {
                Log.KilledAfterGrace(logger, Name, grace.TotalSeconds);
                child.Kill();
            }
        }

        await _run;
        State = ResourceState.Stopped;
    }

    public void Dispose() => _stop.Dispose();

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var consecutiveCrashes = 0;
        while (!stopping.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            LastExitCode = await RunOnceAsync(stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            consecutiveCrashes = started.Elapsed >= RestartBackoff.StableAfter ? 1 : consecutiveCrashes + 1;
            var delay = RestartBackoff.For(consecutiveCrashes);
            State = ResourceState.Restarting;
            Log.Crashed(logger, Name, LastExitCode, delay.TotalSeconds);
            await Task.Delay(delay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Restarts += stopping.IsCancellationRequested ? 0 : 1;
        }
    }

    /// <summary>Starts the process once and returns its exit code; null if it could not start.</summary>
    private async Task<int?> RunOnceAsync(CancellationToken stopping)
    {
        ChildProcess child;
        lock (_gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            State = ResourceState.Starting;
            try
            {
                child = ChildProcess.Start(spec.Command, line => console.Line(Name, line));
            }
            catch (Exception e) when (e is Win32Exception or IOException)
            {
                Log.FailedToStart(logger, Name, e.Message);
                return null;
            }

            _current = child;
        }

        using (child)
        {
            _ = WatchReadinessAsync(child, stopping);
            return await child.Exited;
        }
    }

    private async Task WatchReadinessAsync(ChildProcess child, CancellationToken stopping)
    {
        try
        {
            var ready = spec.Readiness is null || await ReadinessCheck.WaitAsync(http, spec.Readiness, child.Exited, stopping);
            if (ready && !stopping.IsCancellationRequested)
            {
                State = spec.Readiness is { RequireSuccess: true } ? ResourceState.Healthy : ResourceState.Running;
                _ready.TrySetResult();
                Log.Ready(logger, Name, State);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
