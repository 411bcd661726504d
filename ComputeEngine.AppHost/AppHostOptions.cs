using System.Globalization;

namespace ComputeEngine.AppHost;

/// <summary>
/// The local choices, read from the AppHost's configuration: command-line arguments after <c>--</c>
/// (<c>--demo 200</c>, <c>--in-memory true</c>), environment variables or user secrets.
/// </summary>
internal sealed record AppHostOptions
{
    public int? Demo { get; init; }

    public bool InMemory { get; init; }

    public bool Dashboard { get; init; } = true;

    public bool Console { get; init; } = true;

    public int BlobPort { get; init; } = 10000;

    public int QueuePort { get; init; } = 10001;

    public int TablePort { get; init; } = 10002;

    public int OrchestratorPort { get; init; } = 7071;

    public int DashboardPort { get; init; } = 5000;

    public int StatusPort { get; init; } = 7070;

    public string? ApiKey { get; init; }

    public Uri? Otlp { get; init; }

    public string? ValuesFile { get; init; }

    public int? PollingInterval { get; init; }

    public int? CooldownPeriod { get; init; }

    // KEDA's maxReplicaCount is sized for a cluster; a laptop with 2 cores cannot run 100 workers.
    public int MaxReplicas { get; init; } = 4;

    public Uri StatusUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{StatusPort}/"));

    public Uri OrchestratorUrl => new(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{OrchestratorPort}/"));

    public static AppHostOptions From(IConfiguration configuration)
    {
        var defaults = new AppHostOptions();
        return new()
        {
            Demo = Number(configuration, "demo", 1),
            InMemory = Flag(configuration, "in-memory") ?? defaults.InMemory,
            Dashboard = Flag(configuration, "dashboard") ?? defaults.Dashboard,
            Console = Flag(configuration, "console") ?? defaults.Console,
            BlobPort = Number(configuration, "blob-port", 1) ?? defaults.BlobPort,
            QueuePort = Number(configuration, "queue-port", 1) ?? defaults.QueuePort,
            TablePort = Number(configuration, "table-port", 1) ?? defaults.TablePort,
            OrchestratorPort = Number(configuration, "orchestrator-port", 1) ?? defaults.OrchestratorPort,
            DashboardPort = Number(configuration, "dashboard-port", 1) ?? defaults.DashboardPort,
            StatusPort = Number(configuration, "status-port", 1) ?? defaults.StatusPort,
            ApiKey = NonEmpty(configuration["api-key"]),
            Otlp = NonEmpty(configuration["otlp"]) is { } otlp ? AbsoluteUri("otlp", otlp) : null,
            ValuesFile = NonEmpty(configuration["values"]),
            PollingInterval = Number(configuration, "polling-interval", 1),
            CooldownPeriod = Number(configuration, "cooldown", 0),
            MaxReplicas = Number(configuration, "max-replicas", 1) ?? defaults.MaxReplicas,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool? Flag(IConfiguration configuration, string key) => NonEmpty(configuration[key]) switch
    {
        null => null,
        var value when bool.TryParse(value, out var flag) => flag,
        var value => throw new AppHostException($"--{key} must be true or false, not '{value}'"),
    };

    private static int? Number(IConfiguration configuration, string key, int minimum) => NonEmpty(configuration[key]) switch
    {
        null => null,
        var value when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum => number,
        var value => throw new AppHostException($"--{key} must be a whole number of at least {minimum}, not '{value}'"),
    };

    private static Uri AbsoluteUri(string key, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new AppHostException($"--{key} must be an absolute URL, not '{value}'");
}
