using System.Diagnostics;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.AppHost.Tests.Publishing;

/// <summary>
/// Local and cloud must not drift apart: the Aspire manifest (what the AppHost gives each service) against the Helm
/// chart (what the cluster gives it). The storage connection and the orchestrator's service-discovery entry must be
/// set under the same names, and the chart must give every service the OTLP settings Aspire gives it locally.
/// </summary>
public sealed class ManifestMatchesChartTests
{
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal)
    {
        ["orchestrator"] = "orchestrator.yaml",
        ["worker"] = "worker-deployment.yaml",
        ["dashboard"] = "dashboard.yaml",
    };

    [Fact]
    public async Task The_Helm_chart_gives_each_service_the_storage_connection_discovery_and_OTLP_settings_the_AppHost_gives_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var manifest = await PublishManifestAsync(timeout.Token);
        var chart = new ChartTemplates(Path.Combine(RepositoryRoot.Path, "infra", "helm", "computeengine", "templates"));
        var projects = manifest.GetProperty("resources").EnumerateObject().Where(r => r.Value.GetProperty("type").GetString() == "project.v0").ToList();

        Assert.Equal(Templates.Keys.Order(), projects.Select(p => p.Name).Order());
        Assert.Equal("{storage.connectionString}", projects[0].Value.GetProperty("env").GetProperty("ConnectionStrings__storage").GetString());
        foreach (var project in projects)
        {
            var template = Templates[project.Name];
            var given = chart.EnvironmentNames(template);
            var contract = project.Value.GetProperty("env").EnumerateObject().Select(e => e.Name)
                .Where(name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || name.StartsWith("services__", StringComparison.Ordinal))
                .ToList();

            Assert.NotEmpty(contract);
            Assert.All(contract, name => Assert.True(given.Contains(name), $"{template} does not set {name}, which the AppHost gives {project.Name}"));
            Assert.All(["OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT"], name => Assert.True(given.Contains(name), $"{template} does not set {name}"));
            Assert.Equal(project.Name, chart.Component(template));
        }
    }

    [Fact]
    public void The_chart_reader_follows_includes_and_sees_a_missing_setting()
    {
        var directory = Directory.CreateTempSubdirectory("chart-").FullName;
        File.WriteAllText(Path.Combine(directory, "_helpers.tpl"), """
            {{- define "x.env" -}}
            - name: ConnectionStrings__storage
              value: a
            {{- end }}
            {{- define "x.other" -}}
            - name: Unrelated
            {{- end }}
            """);
        File.WriteAllText(Path.Combine(directory, "app.yaml"), """
            {{- $ctx := dict "root" . "component" "orchestrator" }}
            env:
              {{- include "x.env" $ctx | nindent 2 }}
              - name: OTEL_SERVICE_NAME
            """);

        var chart = new ChartTemplates(directory);

        Assert.Equal(["ConnectionStrings__storage", "OTEL_SERVICE_NAME"], chart.EnvironmentNames("app.yaml").Order());
        Assert.Equal("orchestrator", chart.Component("app.yaml"));
    }

    /// <summary>What CI runs: <c>dotnet run --project ComputeEngine.AppHost -- --publisher manifest --output-path …</c>.</summary>
    internal static async Task<JsonElement> PublishManifestAsync(CancellationToken cancellationToken, params string[] settings)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("aspire-manifest-").FullName, "aspire-manifest.json");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ComputeEngine.AppHost.dll"), "--publisher", "manifest", "--output-path", path }.Concat(settings))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"Publishing the manifest failed: {await output}{await errors}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(path, cancellationToken)).RootElement.Clone();
    }
}
