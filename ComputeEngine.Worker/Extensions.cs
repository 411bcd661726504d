using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Worker.Algorithms;
using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The host must wait longer than the drain, or it would kill items the drain is waiting for.
        builder.Services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownTimeout + TimeSpan.FromSeconds(10));
        builder.AddStorageClients();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IAlgorithm, SumAlgorithm>();
        builder.Services.AddSingleton<IAlgorithm, SleepAlgorithm>();
        builder.Services.AddSingleton<AlgorithmRegistry>();
        builder.Services.AddSingleton<AlgorithmAdvertiser>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlgorithmAdvertiser>());
        builder.Services.AddHealthChecks().AddCheck<AlgorithmAdvertiser>("algorithms advertised");
        builder.Services.AddSingleton<JobStatusReader>();
        builder.Services.AddSingleton<ItemRows>();
        builder.Services.AddSingleton<InputResolver>();
        builder.Services.AddSingleton<ItemRunner>();
        builder.Services.AddSingleton<OutputWriter>();
        builder.Services.AddSingleton<CompletionReporter>();
        builder.Services.AddSingleton<ClaimBudget>();
        builder.Services.AddSingleton<BatchClaimer>();
        builder.Services.AddSingleton<JobStopWatch>();
        builder.Services.AddSingleton<BatchPass>();
        builder.Services.AddSingleton<WaveSettler>();
        builder.Services.AddSingleton<BatchProcessor>();
        builder.Services.AddSingleton<WorkerActivity>();
        builder.Services.AddHostedService<QueuePump>();
        builder.Services.AddHostedService<HeartbeatService>();
        return builder;
    }
}
