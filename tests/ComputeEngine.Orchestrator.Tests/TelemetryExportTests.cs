using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// ServiceDefaults' exporters, read off the service registrations (building the host would start the Azure
/// Monitor exporter, which reaches for Azure endpoints and the instance metadata service).
/// </summary>
public sealed class TelemetryExportTests
{
    private const string ConnectionString =
        "InstrumentationKey=55555555-5555-5555-5555-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("http://127.0.0.1:4318", null, true, false)]
    [InlineData(null, ConnectionString, false, true)]
    [InlineData("http://127.0.0.1:4318", ConnectionString, true, true)]
    public void Each_exporter_is_added_only_when_configured(string? otlpEndpoint, string? connectionString, bool otlp, bool azureMonitor)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString,
        });

        builder.AddServiceDefaults();

        Assert.Equal(otlp, Registers(builder.Services, "OpenTelemetry.Exporter.OpenTelemetryProtocol"));
        Assert.Equal(azureMonitor, Registers(builder.Services, "Azure.Monitor.OpenTelemetry"));
    }

    private static bool Registers(IServiceCollection services, string assemblyPrefix) =>
        services.Any(d => new[] { d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType(), d.ImplementationFactory?.Method.DeclaringType }
            .Any(t => t?.Assembly.GetName().Name?.StartsWith(assemblyPrefix, StringComparison.Ordinal) == true
                || t?.GenericTypeArguments.Any(a => a.Assembly.GetName().Name?.StartsWith(assemblyPrefix, StringComparison.Ordinal) == true) == true));
}
