using System.Collections.Concurrent;
using System.Globalization;

namespace ComputeEngine.AppHost;

/// <summary>
/// Every line a service prints, on the AppHost's console prefixed with its name (<c>orchestrator | …</c>), as
/// before Aspire: the Aspire dashboard shows the same lines per resource, but a terminal user sees nothing without this.
/// </summary>
internal sealed class ConsoleMirror(
    ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ILogger<ConsoleMirror> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _mirrors = new(StringComparer.Ordinal);
    private readonly Lock _console = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is ProjectResource or ExecutableResource && !_mirrors.ContainsKey(change.ResourceId))
                {
                    var name = change.Resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) && replicas.Replicas > 1
                        ? change.ResourceId
                        : change.Resource.Name;
                    _mirrors[change.ResourceId] = MirrorAsync(change.ResourceId, name, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_mirrors.Values);
    }

    // DCP stamps each line with the time it was read; the console shows the service's own words.
    private static string WithoutTimestamp(string content) =>
        content.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && DateTimeOffset.TryParse(content.AsSpan(0, space), CultureInfo.InvariantCulture, out _)
            ? content[(space + 1)..]
            : content;

    private async Task MirrorAsync(string resourceId, string name, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var lines in resourceLogs.WatchAsync(resourceId).WithCancellation(cancellationToken))
            {
                lock (_console)
                {
                    foreach (var line in lines)
                    {
                        (line.IsErrorMessage ? Console.Error : Console.Out).WriteLine($"{name} | {WithoutTimestamp(line.Content)}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.MirrorFailed(logger, name, e.Message);
        }
    }
}
