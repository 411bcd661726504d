namespace ComputeEngine.AppHost.Api;

/// <summary>
/// Serves <see cref="StatusApi"/> from inside the AppHost; the project's dashboard finds it as
/// <c>services:apphost:http:0</c> and shows the replicas and scaling decisions from it.
/// </summary>
internal sealed class StatusServer(AppHostOptions options, IServiceProvider appHostServices) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.StatusUrl.ToString());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(appHostServices.GetRequiredService<Scaling.WorkerReplicas>());
        builder.Services.AddSingleton(appHostServices.GetRequiredService<Scaling.ScalerStatus>());
        _app = builder.Build();
        _app.MapStatusApi();
        await _app.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
