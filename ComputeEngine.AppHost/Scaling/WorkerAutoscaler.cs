using Microsoft.Extensions.Logging;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>Does locally what KEDA does in the cluster: polls the work queue and sizes the worker replica set.</summary>
internal sealed class WorkerAutoscaler(
    ScaleSettings settings, QueueLengthReader queue, ReplicaSet replicas, ScalerStatus status, TimeProvider time, ILogger<WorkerAutoscaler> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Log.AutoscalerStarted(logger, queue.QueueName, settings.PollingInterval.TotalSeconds, settings.QueueLength, settings.MaxReplicaCount);
        var state = new ScalerState(replicas.Count, LastActive: null);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var length = await queue.ReadAsync(cancellationToken);
                var now = time.GetUtcNow();
                var decision = ScaleRule.Next(settings, state, length, now);
                if (decision.Next.Replicas != state.Replicas)
                {
                    Log.Scaling(logger, state.Replicas, decision.Next.Replicas, decision.Reason);
                    replicas.ScaleTo(decision.Next.Replicas);
                    status.Scaled(new(now, length, state.Replicas, decision.Next.Replicas, decision.Reason));
                }

                status.Polled(now, length, decision.Next.Replicas);
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
}
