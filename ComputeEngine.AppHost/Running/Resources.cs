using ComputeEngine.AppHost.Model;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.AppHost.Running;

/// <summary>Every resource the AppHost currently runs, for starting, status and shutdown.</summary>
internal sealed class Resources(ConsoleOutput console, HttpClient http, ILoggerFactory loggers)
{
    private readonly Lock _lock = new();
    private readonly List<ResourceProcess> _running = [];

    public ResourceProcess Start(ResourceSpec spec)
    {
        var resource = new ResourceProcess(spec, console, http, loggers.CreateLogger<ResourceProcess>());
        lock (_lock)
        {
            _running.Add(resource);
        }

        resource.Start();
        return resource;
    }

    public async Task StopAsync(ResourceProcess resource, TimeSpan grace)
    {
        await resource.StopAsync(grace);
        lock (_lock)
        {
            if (!_running.Remove(resource))
            {
                return;
            }
        }

        resource.Dispose();
    }

    public Task StopAllAsync(Func<ResourceProcess, bool> which, TimeSpan grace) =>
        Task.WhenAll(Snapshot().Where(which).Select(resource => StopAsync(resource, grace)));

    public IReadOnlyList<ResourceProcess> Snapshot()
    {
        lock (_lock)
        {
            return [.. _running];
        }
    }
}
