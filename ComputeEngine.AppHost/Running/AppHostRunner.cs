using System.Diagnostics;
using ComputeEngine.AppHost.Demo;
using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost.Running;

/// <summary>Brings the system up in order (storage, build, services, autoscaler) and down within the shutdown budget.</summary>
internal sealed class AppHostRunner(
    AppHostOptions options,
    AppModel model,
    RepoLayout repo,
    ScaleSettings scale,
    Resources resources,
    ConsoleOutput console,
    WorkerAutoscaler autoscaler,
    DemoJob demo,
    IHostApplicationLifetime lifetime,
    ILogger<AppHostRunner> logger) : BackgroundService
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ServicesTimeout = TimeSpan.FromMinutes(2);

    // Services drain first (workers release their items into storage), then storage stops; together under 10 s.
    private static readonly TimeSpan ServicesGrace = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan StorageGrace = TimeSpan.FromSeconds(2);

    private ResourceProcess? _storage;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartStorageAsync(stoppingToken);
            await BuildAsync(stoppingToken);
            var services = model.HasDashboard
                ? new[] { resources.Start(model.Orchestrator()), resources.Start(model.Dashboard()) }
                : [resources.Start(model.Orchestrator())];
            foreach (var service in services)
            {
                await ReadyAsync(service, ServicesTimeout, $"{service.Name} did not become healthy at {service.Url}health", stoppingToken);
            }

            foreach (var line in ResourceTable.Render(model, resources.Snapshot(), scale, options.ApiKey is not null))
            {
                console.Plain(line);
            }

            await Task.WhenAll(
                autoscaler.RunAsync(stoppingToken),
                options.Demo is { } items ? demo.RunAsync(items, stoppingToken) : Task.CompletedTask);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C during start-up or while running.
        }
        catch (AppHostException e)
        {
            Log.StartupFailed(logger, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Log.Stopping(logger);
        await base.StopAsync(cancellationToken);
        await resources.StopAllAsync(resource => resource != _storage, ServicesGrace);
        await resources.StopAllAsync(_ => true, StorageGrace);
        Log.Stopped(logger, clock.Elapsed.TotalSeconds);
    }

    private async Task StartStorageAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(repo.AzuriteBin))
        {
            Log.InstallingAzurite(logger);
            var code = await ChildProcess.RunAsync(model.InstallAzurite(), line => console.Line("npm", line), cancellationToken);
            if (code != 0 || !File.Exists(repo.AzuriteBin))
            {
                throw new AppHostException($"npm ci failed (exit code {code}); Azurite needs Node.js and npm on the PATH");
            }
        }

        _storage = resources.Start(model.StorageEmulator());
        await ReadyAsync(_storage, StorageTimeout, $"Azurite did not answer on {model.Storage.Blob}", cancellationToken);
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        foreach (var project in model.Projects)
        {
            if (options.Build)
            {
                Log.Building(logger, project, options.Configuration);
                var code = await ChildProcess.RunAsync(model.Build(project), line => console.Line("build", line), cancellationToken);
                if (code != 0)
                {
                    throw new AppHostException($"Building {project} failed (exit code {code})");
                }
            }
            else if (!File.Exists(repo.Assembly(project, options.Configuration)))
            {
                throw new AppHostException($"{repo.Assembly(project, options.Configuration)} does not exist; run without --no-build");
            }
        }
    }

    private static async Task ReadyAsync(ResourceProcess resource, TimeSpan timeout, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await resource.WhenReady.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new AppHostException($"{failure} within {timeout.TotalSeconds:0} s");
        }
    }
}
