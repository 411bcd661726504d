namespace ComputeEngine.AppHost;

internal static partial class Log
{
    [LoggerMessage(10, LogLevel.Information, "Autoscaler watching queue {Queue}: every {PollingSeconds} s, {QueueLength} messages per replica, at most {MaxReplicas} replicas")]
    public static partial void AutoscalerStarted(ILogger logger, string queue, double pollingSeconds, int queueLength, int maxReplicas);

    [LoggerMessage(11, LogLevel.Information, "Scaling worker from {From} to {To} replicas: {Reason}")]
    public static partial void Scaling(ILogger logger, int from, int to, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Autoscaler poll of queue {Queue} failed, replicas unchanged: {Error}")]
    public static partial void QueueUnreadable(ILogger logger, string queue, string error);

    [LoggerMessage(13, LogLevel.Warning, "Command {Command} on {Replica} failed: {Error}")]
    public static partial void CommandFailed(ILogger logger, string command, string replica, string error);

    [LoggerMessage(14, LogLevel.Error, "The autoscaler stopped: {Error}")]
    public static partial void ScalerFailed(ILogger logger, string error);

    [LoggerMessage(30, LogLevel.Warning, "Demo job could not be submitted: {Error}")]
    public static partial void DemoFailed(ILogger logger, string error);

    [LoggerMessage(31, LogLevel.Information, "{Message}")]
    public static partial void Demo(ILogger logger, string message);

    [LoggerMessage(1, LogLevel.Information, "Ready. Orchestrator {Orchestrator} · dashboard {Dashboard} · scaler status {Status}\n      Start a job (Ctrl+C stops everything): curl -X POST \"{Base}api/orchestrators/ComputeOrchestrator?inputCount=100\" -H \"Content-Length: 0\"")]
    public static partial void Ready(ILogger logger, Uri orchestrator, string dashboard, Uri status, Uri @base);

    [LoggerMessage(40, LogLevel.Warning, "The console mirror of {Resource} stopped: {Error}")]
    public static partial void MirrorFailed(ILogger logger, string resource, string error);
}
