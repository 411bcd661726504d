namespace ComputeEngine.AppHost;

/// <summary>Once the orchestrator is healthy, says where everything is and how to start a job, as the seed's README does.</summary>
internal sealed class ReadyMessage(AppHostOptions options, ResourceNotificationService notifications, ILogger<ReadyMessage> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync("orchestrator", stoppingToken);
            var dashboard = options.Dashboard ? $"http://localhost:{options.DashboardPort}" : "not started";
            Log.Ready(logger, options.OrchestratorUrl, dashboard, new Uri(options.StatusUrl, "status"), options.OrchestratorUrl);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
