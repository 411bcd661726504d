using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.Api;
using ComputeEngine.Orchestrator.Dispatch;
using ComputeEngine.Orchestrator.EventGrid;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.ServiceDefaults.Storage;
using Polly;

namespace ComputeEngine.Orchestrator;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrchestratorOptions>()
            .BindConfiguration(OrchestratorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section);
        builder.AddStorageClients();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => 
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, OrchestratorJsonContext.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddResiliencePipeline(ConcurrencyRetry.PipelineName, (ResiliencePipelineBuilder pipeline) => ConcurrencyRetry.Configure(pipeline));
        builder.Services.Configure<Polly.Telemetry.TelemetryOptions>(ConcurrencyRetry.QuietRetries);
        builder.Services.AddSingleton<ConcurrencyRetry>();
        builder.Services.AddSingleton<HeaderCache>();
        builder.Services.AddSingleton<InstanceStore>();
        builder.Services.AddSingleton<InstanceUris>();
        builder.Services.AddSingleton<LargeBodyGate>();
        builder.Services.AddSingleton<Followers>();
        builder.Services.AddSingleton<PrefixSnapshot>();
        builder.Services.AddSingleton<JobStarter>();
        builder.Services.AddSingleton<AlgorithmCatalogue>();
        builder.Services.AddSingleton<Purger>();
        builder.Services.AddSingleton<Items.ItemReader>();
        builder.Services.AddSingleton<Items.RunningItems>();
        builder.Services.AddSingleton<EventGrid.BlobCreatedHandler>();
        builder.Services.AddSingleton<Rewinder>();
        builder.Services.AddSingleton<FanInSignal>();
        builder.Services.AddSingleton<CompletionApplier>();
        builder.Services.AddSingleton<Recounter>();
        builder.Services.AddSingleton<DispatchQueue>();
        builder.Services.AddSingleton<InputSource>();
        builder.Services.AddSingleton<BatchDispatcher>();
        builder.Services.AddSingleton<RewindRedispatcher>();
        builder.Services.AddSingleton<DispatchArbiter>();
        builder.Services.AddSingleton<DispatchWindow>();
        builder.Services.AddSingleton<Backlog>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddHostedService<DispatchService>();
        builder.Services.AddHostedService<CompletionListener>();
        builder.Services.AddHostedService<Reconciler>();
        builder.Services.AddHostedService<MetricsSampler>();
        return builder;
    }

    public static WebApplication MapOrchestratorApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        // One key check for every route of the API; Event Grid's webhook has its own, the backlog none.
        var api = app.MapGroup("").AddEndpointFilter<ApiKeyFilter>();
        api.MapStartApi();
        api.MapStatusApi();
        api.MapManagementApi();
        api.MapLifecycleApi();
        api.MapItemsApi();
        app.MapEventGridApi();
        app.MapBacklogApi();
        return app;
    }
}
