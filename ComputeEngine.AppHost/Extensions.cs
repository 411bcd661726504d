using System.Globalization;
using ComputeEngine.AppHost.Api;
using ComputeEngine.AppHost.Demo;
using ComputeEngine.AppHost.Scaling;
using ComputeEngine.AppHost.Storage;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.AppHost;

internal static class Extensions
{
    // A scaled-in or Ctrl+C'd worker must finish or release its items before DCP gives up on it.
    public static readonly TimeSpan WorkerShutdownTimeout = TimeSpan.FromSeconds(6);

    /// <summary>Azurite locally; in a published manifest, the connection string the deployment supplies.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddStorage(this IDistributedApplicationBuilder builder, string name, AppHostOptions options) =>
        builder.ExecutionContext.IsPublishMode ? builder.AddConnectionString(name) : builder.AddAzurite(name, options);

    /// <summary>KEDA's numbers from the Helm chart's values.yaml, the one source for the cluster and this AppHost.</summary>
    public static ScaleSettings ScaleSettings(this IDistributedApplicationBuilder builder, AppHostOptions options) =>
        ScaleSettingsFile.Load(options.ValuesFile ?? Path.Combine(AzuriteExtensions.RepositoryRoot(builder), "infra", "helm", "computeengine", "values.yaml"))
            .WithLocalOverrides(options);

    /// <summary>What every service gets from the local options: the API key and an external OTLP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithLocalSettings(
        this IResourceBuilder<ProjectResource> project, AppHostOptions options, IResourceBuilder<ParameterResource>? apiKey)
    {
        if (project.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            // As with a launch profile: the dashboard's static web assets are served from the build output only in Development.
            project.WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName);
            // Locally a stopped replica must drain before DCP gives up on it; the chart sets the cluster's own.
            project.WithEnvironment("Worker__ShutdownTimeout", WorkerShutdownTimeout.ToString("c", CultureInfo.InvariantCulture));
        }

        if (apiKey is not null)
        {
            // The orchestrator requires it; the dashboard sends it.
            project.WithEnvironment("Orchestrator__ApiKey", apiKey);
        }

        return options.Otlp is { } otlp ? project.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.ToString()) : project;
    }

    /// <summary>
    /// The AppHost's own <c>Worker</c> settings (after <c>--</c>, in its environment or user secrets) passed on to every
    /// worker replica: how a local run registers an algorithm process, e.g. <c>--Worker:Processes:seed:Command python3</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWorkerSettings(this IResourceBuilder<ProjectResource> worker, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection("Worker").AsEnumerable())
        {
            if (value is not null)
            {
                worker.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return worker;
    }

    public static IResourceBuilder<ParameterResource>? AddApiKey(this IDistributedApplicationBuilder builder, AppHostOptions options) =>
        options.ApiKey is { } key ? builder.AddParameter("api-key", key, secret: true) : null;

    /// <summary>The KEDA rule, run by the AppHost: a row in the Aspire dashboard and a hosted service that starts and stops worker replicas.</summary>
    public static IDistributedApplicationBuilder AddWorkerScaler(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<IResourceWithConnectionString> storage,
        ScaleSettings scale,
        AppHostOptions options)
    {
        var scaler = builder.AddResource(new ScalerResource($"{worker.Resource.Name}-scaler"))
            .WithInitialState(new()
            {
                ResourceType = "Scaler",
                State = "Waiting",
                Properties = [new("queue", StorageNames.WorkQueue), new("rule", Describe(scale))],
            })
            .WithUrl(options.StatusUrl + "status", "status")
            .WithParentRelationship(worker)
            .ExcludeFromManifest();

        builder.Services.AddSingleton(scale);
        builder.Services.AddSingleton(new ScalerStatus(StorageNames.WorkQueue, scale));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<WorkerReplicas>(services, worker.Resource));
        builder.Services.AddSingleton(new BacklogReader(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, options.OrchestratorUrl));
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<WorkerScaler>(services, scaler.Resource, storage.Resource));
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<StatusServer>();
        return builder;
    }

    /// <summary>The project's dashboard shows the replicas and decisions from the AppHost's <c>/status</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithAppHostStatus(this IResourceBuilder<ProjectResource> project, AppHostOptions options) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("services__apphost__http__0", options.StatusUrl.GetLeftPart(UriPartial.Authority))
            : project;

    public static IDistributedApplicationBuilder AddConsoleAndDemo(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (options.Console)
        {
            builder.Services.AddHostedService<ConsoleMirror>();
        }

        builder.Services.AddHostedService<ReadyMessage>();
        builder.Services.AddHostedService<DemoJob>();
        return builder;
    }

    private static string Describe(ScaleSettings scale) => string.Create(CultureInfo.InvariantCulture,
        $"{scale.QueueLength} messages per replica, {scale.MinReplicaCount}..{scale.MaxReplicaCount} replicas, polling {scale.PollingInterval.TotalSeconds:0.#} s, cooldown {scale.CooldownPeriod.TotalSeconds:0.#} s");
}
