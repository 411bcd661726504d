using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// Creates the queues, containers and tables when a service starts, waiting for storage to answer, so
/// services can start in any order and before the emulator is up.
/// </summary>
/// <param name="storage">The clients.</param>
/// <param name="logger">The logger.</param>
public sealed partial class StorageInitializer(StorageClients storage, ILogger<StorageInitializer> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await storage.EnsureCreatedAsync(cancellationToken);
                StorageReady(logger);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StorageNotReady(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(100, LogLevel.Information, "Storage is ready")]
    private static partial void StorageReady(ILogger logger);

    [LoggerMessage(101, LogLevel.Warning, "Storage is not reachable yet; retrying")]
    private static partial void StorageNotReady(ILogger logger, Exception exception);
}
