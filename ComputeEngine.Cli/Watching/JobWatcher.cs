using ComputeEngine.Cli.Api;

namespace ComputeEngine.Cli.Watching;

/// <summary>Polls a job's status until it ends, reporting each snapshot.</summary>
public static class JobWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the orchestrator may be unreachable before watching gives up: it is stateless, and a restart loses nothing.</summary>
    public static readonly TimeSpan OutageTolerance = TimeSpan.FromSeconds(30);

    public static async Task<InstanceStatus> WatchAsync(
        OrchestratorClient client, string instanceId, Action<ProgressSnapshot> report, TimeProvider clock, CancellationToken cancellationToken)
    {
        var meter = new RateMeter();
        var started = clock.GetTimestamp();
        long? unreachableSince = null;
        while (true)
        {
            InstanceStatus status;
            try
            {
                status = await client.GetStatusAsync(instanceId, cancellationToken);
                unreachableSince = null;
            }
            catch (CliException e) when (e.InnerException is HttpRequestException or IOException
                && clock.GetElapsedTime(unreachableSince ??= clock.GetTimestamp()) < OutageTolerance)
            {
                await Task.Delay(PollInterval, clock, cancellationToken);
                continue;
            }

            var done = (status.CustomStatus?.Succeeded ?? 0) + (status.CustomStatus?.Failed ?? 0);
            report(ProgressSnapshot.Of(status, meter.Add(clock.GetElapsedTime(started), done)));
            if (status.IsFinal)
            {
                return status;
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }
}
