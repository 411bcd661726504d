using ComputeEngine.Dashboard.Access;
using ComputeEngine.Dashboard.Cluster;
using ComputeEngine.Dashboard.Components;
using ComputeEngine.Dashboard.Metrics;
using ComputeEngine.Dashboard.Orchestrator;
using ComputeEngine.Dashboard.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using k8s;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddDashboardAccess();
        builder.AddReadOnlyStorage();
        builder.AddOrchestratorClient();
        builder.AddClusterView();
        builder.Services.AddSingleton<QueueMetrics>();
        builder.Services.AddSingleton<WorkerDirectory>();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
            return new SampleHistory((int)Math.Ceiling(options.ChartWindow / options.SampleInterval) + 1);
        });
        builder.Services.AddSingleton<LiveSampler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LiveSampler>());
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseDashboardAccess();
        app.UseAntiforgery();
        // The sign-in page is styled by them.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static void AddReadOnlyStorage(this IHostApplicationBuilder builder)
    {
        // The dashboard's identity may only read storage (the Reader roles in infra/): it must not wait to create queues and tables.
        // Without storage it still serves its pages and the jobs the API reports: /health says Degraded, not Unhealthy.
        builder.AddStorageClients(createIfMissing: false, unreachable: HealthStatus.Degraded);
    }

    private static void AddOrchestratorClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrchestratorClientOptions>().BindConfiguration(OrchestratorClientOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<OrchestratorHealth>();
        builder.Services.AddHttpClient<OrchestratorClient>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<OrchestratorClientOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add("x-functions-key", options.ApiKey);
            }
        });

        // Pages must say "unreachable" within seconds rather than retry for half a minute, and actions are not repeated.
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(resilience =>
        {
            resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
            resilience.Retry.MaxRetryAttempts = 1;
            resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
            resilience.Retry.DisableForUnsafeHttpMethods();
        });
    }

    private static void AddClusterView(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrEmpty(builder.Configuration["KUBERNETES_SERVICE_HOST"]))
        {
            var config = KubernetesClientConfiguration.InClusterConfig();
            builder.Services.AddOptions<KubernetesOptions>()
                .BindConfiguration(KubernetesOptions.Section)
                .ValidateOnStart()
                .PostConfigure(o => o.Namespace ??= builder.Configuration["POD_NAMESPACE"] ?? config.Namespace);
            builder.Services.AddSingleton<IKubernetes>(_ => new Kubernetes(config));
            builder.Services.AddSingleton<IClusterView, KubernetesClusterView>();
        }
        else if (!string.IsNullOrEmpty(builder.Configuration["services:apphost:http:0"]))
        {
            builder.Services.AddHttpClient<IClusterView, AppHostClusterView>(http => http.BaseAddress = new("http://apphost"));
        }
        else
        {
            builder.Services.AddSingleton<IClusterView, StandaloneClusterView>();
        }
    }
}
