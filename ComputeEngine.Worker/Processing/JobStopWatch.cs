using ComputeEngine.Contracts.Api;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Watches the job of a pass while it runs: once the job is no longer Running, the pass starts no more of its
/// items (a suspend pauses within about <see cref="WorkerOptions.JobStatusRecheck"/> plus the status cache's
/// two seconds, instead of after the claimed batch); once it is terminated or purged, running items are
/// cancelled too. Items stopped so are released, their attempt given back, as on shutdown.
/// </summary>
public sealed class JobStopWatch(JobStatusReader jobs, IOptions<WorkerOptions> options, ILogger<JobStopWatch> logger)
{
    public async Task WatchAsync(string instanceId, CancellationTokenSource stopStarting, CancellationTokenSource cancelRunning, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.JobStatusRecheck, cancellationToken);
                var phase = await jobs.GetAsync(instanceId, cancellationToken);
                if (phase == JobPhase.Running)
                {
                    continue;
                }

                await stopStarting.CancelAsync();
                if (phase is JobPhase.Gone or JobPhase.Terminated)
                {
                    await cancelRunning.CancelAsync();
                }

                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage trouble: the pass goes on as before the watch; the next delivery looks at the job again.
            Log.JobWatchFailed(logger, instanceId, e);
        }
    }
}
