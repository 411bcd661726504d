using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire's service defaults: OpenTelemetry, health checks, service discovery and HTTP resilience,
/// shared by every ComputeEngine service.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string MetricsEndpointPath = "/metrics";
    private const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Adds telemetry, default health checks, service discovery and resilient HTTP clients.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Configures logging, metrics and tracing, exported by OTLP when an endpoint is configured and to
    /// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("ComputeEngine.*")
                // A scrape endpoint as well as OTLP: Prometheus in a cluster, and the benchmark, read /metrics.
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new BackgroundCallSampler()))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("ComputeEngine.*")
                // The Azure SDK emits its own activities under "Azure.*" sources.
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation(aspnet =>
                    aspnet.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                        && !context.Request.Path.StartsWithSegments(MetricsEndpointPath))
                // The Azure SDK traces its own HTTP calls; a second HttpClient span under each would be noise.
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ =>
                    System.Diagnostics.Activity.Current?.Parent?.Source.Name != "Azure.Core.Http"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        // In Azure: the same traces, metrics and logs to Application Insights. Its local authentication is off,
        // so the exporter signs in as the pod's workload identity (DefaultAzureCredential reads what the
        // workload identity webhook injects).
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ApplicationInsightsConnectionString]))
        {
            builder.Services.AddOpenTelemetry().UseAzureMonitor(monitor => monitor.Credential = new DefaultAzureCredential());
        }

        return builder;
    }

    /// <summary>Adds the liveness check that <c>/alive</c> reports.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (all checks), <c>/alive</c> (liveness only) and <c>/metrics</c> (Prometheus).</summary>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Probes and scrapers do not sign in, whatever a service requires of people.
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).AllowAnonymous();
        return app;
    }
}
