namespace ComputeEngine.Dashboard;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "The orchestrator is unreachable: {Error}")]
    public static partial void OrchestratorUnreachable(ILogger logger, string error);

    [LoggerMessage(2, LogLevel.Information, "The orchestrator answers again")]
    public static partial void OrchestratorReachable(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Sampling the system failed")]
    public static partial void SampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Reading storage failed: {Error}")]
    public static partial void StorageReadFailed(ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Debug, "Reading active jobs failed: {Error}")]
    public static partial void OrchestratorReadFailed(ILogger logger, string error);

    [LoggerMessage(6, LogLevel.Information, "Dashboard sees workers through {Mode}: {Description}")]
    public static partial void ClusterMode(ILogger logger, string mode, string description);

    [LoggerMessage(7, LogLevel.Information, "{Action} of job {InstanceId}: {Outcome}")]
    public static partial void JobAction(ILogger logger, string action, string instanceId, string outcome);

    [LoggerMessage(8, LogLevel.Warning, "Refreshing {Page} failed")]
    public static partial void RefreshFailed(ILogger logger, string page, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "A sign-in from {RemoteAddress} gave a wrong key")]
    public static partial void SignInRefused(ILogger logger, string? remoteAddress);

    [LoggerMessage(20, LogLevel.Information, "{Page} stops refreshing: {Reason}")]
    public static partial void RefreshStopped(ILogger logger, string page, string reason);

    [LoggerMessage(21, LogLevel.Debug, "Refreshing {Page} failed: {Error}")]
    public static partial void RefreshFailedBriefly(ILogger logger, string page, string error);

    [LoggerMessage(22, LogLevel.Debug, "Sampling the system failed: {Error}")]
    public static partial void SampleFailedBriefly(ILogger logger, string error);
}
