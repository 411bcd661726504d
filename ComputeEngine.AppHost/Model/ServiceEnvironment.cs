namespace ComputeEngine.AppHost.Model;

/// <summary>What a service is given to find its dependencies: storage and every HTTP endpoint, by name.</summary>
internal sealed record ServiceReferences(string StorageConnectionString, IReadOnlyDictionary<string, Uri> Endpoints, Uri? Otlp);

/// <summary>The environment Aspire's AppHost would give a project, so a service cannot tell the difference.</summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string> Build(
        string serviceName, string instanceId, Uri listenUrl, ServiceReferences references, IReadOnlyDictionary<string, string> hostEnvironment)
    {
        var env = hostEnvironment
            .Where(variable => variable.Key.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToDictionary(StringComparer.Ordinal);

        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["DOTNET_ENVIRONMENT"] = "Development";
        env["ASPNETCORE_URLS"] = Origin(listenUrl);

        env["ConnectionStrings__storage"] = references.StorageConnectionString;
        foreach (var (name, url) in references.Endpoints)
        {
            env[$"services__{name}__http__0"] = Origin(url);
        }

        env["OTEL_SERVICE_NAME"] = serviceName;
        var instance = $"service.instance.id={instanceId}";
        env["OTEL_RESOURCE_ATTRIBUTES"] = env.TryGetValue("OTEL_RESOURCE_ATTRIBUTES", out var attributes) ? $"{instance},{attributes}" : instance;
        if (references.Otlp is not null)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = references.Otlp.ToString();
        }

        // One line per log entry, so each line the AppHost prefixes with the resource name is a whole entry.
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return env;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
