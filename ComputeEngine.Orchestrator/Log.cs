namespace ComputeEngine.Orchestrator;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Job {InstanceId} finished {RuntimeStatus}: {Succeeded} succeeded, {Failed} failed")]
    public static partial void JobFinished(ILogger logger, string instanceId, string runtimeStatus, int succeeded, int failed);

    [LoggerMessage(2, LogLevel.Information, "Job {InstanceId} fanned out: {Total} items")]
    public static partial void FanOutCompleted(ILogger logger, string instanceId, int total);

    [LoggerMessage(3, LogLevel.Information, "Job {InstanceId} fan-out stopped: the job is {RuntimeStatus}")]
    public static partial void FanOutStopped(ILogger logger, string instanceId, string runtimeStatus);

    [LoggerMessage(4, LogLevel.Warning, "Fan-out of job {InstanceId} failed; it resumes on the next scan")]
    public static partial void DispatchFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Scanning for unfinished fan-outs failed")]
    public static partial void DispatchScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Receiving completions failed; backing off")]
    public static partial void CompletionLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Completion message {MessageId} moved to the poison queue: {Reason}")]
    public static partial void CompletionPoisoned(ILogger logger, string messageId, string reason);

    [LoggerMessage(8, LogLevel.Information, "Ignored completions for unknown job {InstanceId}")]
    public static partial void CompletionForUnknownInstance(ILogger logger, string instanceId);

    [LoggerMessage(9, LogLevel.Warning, "Applying completions of job {InstanceId} failed; they will be retried")]
    public static partial void CompletionApplyFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Sampling queue, worker and job metrics failed")]
    public static partial void MetricsSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Job {InstanceId} had items no completion counted: recounted {Succeeded} succeeded and {Failed} failed from their rows")]
    public static partial void Recounted(ILogger logger, string instanceId, int succeeded, int failed);

    [LoggerMessage(14, LogLevel.Warning, "Recounting the items of stalled job {InstanceId} failed; the next scan tries again")]
    public static partial void ReconcileFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(15, LogLevel.Warning, "Scanning for stalled jobs failed")]
    public static partial void ReconcileScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "A followed results stream of job {InstanceId} was open for {Limit} and is cut; its client should follow again")]
    public static partial void FollowCut(ILogger logger, string instanceId, TimeSpan limit);

    [LoggerMessage(17, LogLevel.Warning, "Event Grid webhook {Method} rejected: the code parameter is not the webhook key")]
    public static partial void WebhookKeyRejected(ILogger logger, string method);

    [LoggerMessage(40, LogLevel.Warning, "Job {InstanceId}'s dispatch window has been full with {Outstanding} items and no progress: recounting its rows")]
    public static partial void WindowStalled(ILogger logger, string instanceId, int outstanding);
}
