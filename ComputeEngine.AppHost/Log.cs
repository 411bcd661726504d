using ComputeEngine.AppHost.Running;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.AppHost;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{Resource} is {State}")]
    public static partial void Ready(ILogger logger, string resource, ResourceState state);

    [LoggerMessage(2, LogLevel.Warning, "{Resource} exited unexpectedly with code {ExitCode}; restarting in {DelaySeconds} s")]
    public static partial void Crashed(ILogger logger, string resource, int? exitCode, double delaySeconds);

    // Information, not a warning: Azurite closes its servers on SIGTERM but its process lingers, every time.
    [LoggerMessage(3, LogLevel.Information, "{Resource} was still running {GraceSeconds} s after SIGTERM; killed it")]
    public static partial void KilledAfterGrace(ILogger logger, string resource, double graceSeconds);

    [LoggerMessage(4, LogLevel.Error, "{Resource} could not be started: {Error}")]
    public static partial void FailedToStart(ILogger logger, string resource, string error);

    [LoggerMessage(10, LogLevel.Information, "Autoscaler watching queue {Queue}: every {PollingSeconds} s, {QueueLength} messages per replica, at most {MaxReplicas} replicas")]
    public static partial void AutoscalerStarted(ILogger logger, string queue, double pollingSeconds, int queueLength, int maxReplicas);

    [LoggerMessage(11, LogLevel.Information, "Scaling worker from {From} to {To} replicas: {Reason}")]
    public static partial void Scaling(ILogger logger, int from, int to, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Autoscaler poll of queue {Queue} failed, replicas unchanged: {Error}")]
    public static partial void QueueUnreadable(ILogger logger, string queue, string error);

    [LoggerMessage(20, LogLevel.Information, "Installing Azurite (npm ci)")]
    public static partial void InstallingAzurite(ILogger logger);

    [LoggerMessage(21, LogLevel.Information, "Building {Project} ({Configuration})")]
    public static partial void Building(ILogger logger, string project, string configuration);

    [LoggerMessage(22, LogLevel.Error, "{Message}")]
    public static partial void StartupFailed(ILogger logger, string message);

    [LoggerMessage(23, LogLevel.Information, "Stopping every resource")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(24, LogLevel.Information, "Stopped in {Seconds:0.0} s")]
    public static partial void Stopped(ILogger logger, double seconds);

    [LoggerMessage(30, LogLevel.Warning, "Demo job could not be submitted: {Error}")]
    public static partial void DemoFailed(ILogger logger, string error);
}
