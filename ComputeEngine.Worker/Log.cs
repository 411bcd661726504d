namespace ComputeEngine.Worker;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Worker {WorkerName} started, running up to {Concurrency} items at once")]
    public static partial void Started(ILogger logger, string workerName, int concurrency);

    [LoggerMessage(2, LogLevel.Warning, "Receiving work failed; backing off")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Work message {MessageId} failed; it will be retried")]
    public static partial void MessageFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Work message {MessageId} of job {InstanceId} moved to the poison queue: {Reason}")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string? instanceId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Settling work message {MessageId} failed; it will reappear")]
    public static partial void SettleFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Skipped batch {Batch} of finished job {InstanceId}")]
    public static partial void SkippedFinishedJob(ILogger logger, string instanceId, int batch);

    [LoggerMessage(7, LogLevel.Information, "Draining: waiting for {Count} messages in flight")]
    public static partial void Draining(ILogger logger, int count);

    [LoggerMessage(8, LogLevel.Information, "Drained; stopping")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(9, LogLevel.Warning, "Writing the heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "The queue has been empty for {IdleFor}; exiting (Worker:ExitWhenIdleAfter)")]
    public static partial void ExitingWhenIdle(ILogger logger, TimeSpan idleFor);

    [LoggerMessage(11, LogLevel.Information, "Batch {Batch} of {InstanceId} runs under another message; message {MessageId} is a copy and is removed")]
    public static partial void CopyLeftToHolder(ILogger logger, string instanceId, int batch, string messageId);

    [LoggerMessage(12, LogLevel.Information, "Batch {Batch} of suspended job {InstanceId}: message {MessageId} re-sent as a fresh copy")]
    public static partial void Requeued(ILogger logger, string instanceId, int batch, string messageId);

    [LoggerMessage(13, LogLevel.Warning, "Renewing work message {MessageId} failed; trying again shortly")]
    public static partial void LeaseRenewalFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Work message {MessageId} is no longer ours (storage answered {Status}); its pass stops and releases its items")]
    public static partial void LeaseLost(ILogger logger, string messageId, int status);

    [LoggerMessage(15, LogLevel.Error, "The completion of batch {Batch} of job {InstanceId} cannot be sent: it does not fit a queue message")]
    public static partial void CompletionTooLarge(ILogger logger, string instanceId, int batch, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "Writing this worker's algorithms into the catalogue failed; trying again shortly")]
    public static partial void AdvertisingFailed(ILogger logger, Exception exception);

    [LoggerMessage(17, LogLevel.Information, "Dropped batch {Batch} of job {InstanceId}: the job is purged, or terminated before the batch started")]
    public static partial void SkippedPurgedJob(ILogger logger, string instanceId, int batch);

    [LoggerMessage(30, LogLevel.Information, "Algorithm {Algorithm}: started process {ProcessId}")]
    public static partial void ProcessStarted(ILogger logger, string algorithm, int processId);

    [LoggerMessage(31, LogLevel.Warning, "Algorithm {Algorithm}: process {ProcessId} dropped after {Reason}; the next item starts a fresh one")]
    public static partial void ProcessDropped(ILogger logger, string algorithm, int processId, string reason);

    [LoggerMessage(40, LogLevel.Warning, "Watching job {InstanceId} for a suspend or terminate failed; its running pass goes on unwatched")]
    public static partial void JobWatchFailed(ILogger logger, string instanceId, Exception exception);
}
