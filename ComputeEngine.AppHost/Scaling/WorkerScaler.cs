using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>Does locally what KEDA does in the cluster: polls the work queue and sizes the worker's replicas.</summary>
internal sealed class WorkerScaler(
    ScaleSettings settings,
    BacklogReader backlog,
    WorkerReplicas replicas,
    ScalerResource resource,
    IResourceWithConnectionString storage,
    ScalerStatus status,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    TimeProvider time,
    ILogger<WorkerScaler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var watching = replicas.WatchAsync(stoppingToken);
            await notifications.WaitForResourceHealthyAsync(storage.Name, stoppingToken);
            var connectionString = await storage.GetConnectionStringAsync(stoppingToken);
            var queue = new QueueLengthReader(new StorageClients(connectionString!).Queue(StorageNames.WorkQueue), settings.QueueLengthStrategy);
            await Task.WhenAll(watching, PollAsync(queue, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // An exception escaping a hosted service would stop the whole AppHost.
            Log.ScalerFailed(logger, e.Message);
        }
    }

    private async Task PollAsync(QueueLengthReader queue, CancellationToken cancellationToken)
    {
        var decisions = resourceLogs.GetLogger(resource);
        Log.AutoscalerStarted(decisions, queue.QueueName, settings.PollingInterval.TotalSeconds, settings.QueueLength, settings.MaxReplicaCount);
        await PublishAsync(0, null);
        var state = new ScalerState(0, LastActive: null);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // The queue holds only the jobs' dispatch windows; the orchestrator's backlog is the rest of the work.
                var length = ScaleRule.Demand(await queue.ReadAsync(cancellationToken), await backlog.ReadAsync(cancellationToken));
                var now = time.GetUtcNow();
                // Counted from Aspire, not remembered: a replica that exited on its own is started again, as a pod would be.
                var running = replicas.Count;
                var decision = ScaleRule.Next(settings, state with { Replicas = running }, length, now);
                if (decision.Next.Replicas != running)
                {
                    Log.Scaling(logger, running, decision.Next.Replicas, decision.Reason);
                    Log.Scaling(decisions, running, decision.Next.Replicas, decision.Reason);
                    status.Scaled(new(now, length, running, decision.Next.Replicas, decision.Reason));
                    await replicas.ScaleToAsync(decision.Next.Replicas, cancellationToken);
                }

                status.Polled(now, length, decision.Next.Replicas);
                await PublishAsync(decision.Next.Replicas, length);
                state = decision.Next;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Storage restarting, say: keep the replicas as they are until the next poll succeeds.
                Log.QueueUnreadable(logger, queue.QueueName, e.Message);
            }

            await Task.Delay(settings.PollingInterval, time, cancellationToken);
        }
    }

    private Task PublishAsync(int replicaCount, long? queueLength) => notifications.PublishUpdateAsync(resource, snapshot => snapshot with
    {
        State = new(queueLength is null ? "Watching" : $"{replicaCount} of {settings.MaxReplicaCount} replicas", KnownResourceStateStyles.Success),
        Properties = [.. snapshot.Properties.Where(p => p.Name is not ("queue.length" or "worker.replicas")),
            new("queue.length", queueLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            new("worker.replicas", replicaCount)],
    });
}
