namespace ComputeEngine.AppHost;

internal sealed record AppHostOptions
{
    public string? Root { get; init; }

    public string Configuration { get; init; } = "Debug";

    public bool Build { get; init; } = true;

    public bool InMemory { get; init; }

    public bool Dashboard { get; init; } = true;

    public int BlobPort { get; init; } = 10000;

    public int QueuePort { get; init; } = 10001;

    public int TablePort { get; init; } = 10002;

    public int OrchestratorPort { get; init; } = 7071;

    public int DashboardPort { get; init; } = 5000;

    public int StatusPort { get; init; } = 7070;

    public int? Demo { get; init; }

    public string? ApiKey { get; init; }

    public Uri? Otlp { get; init; }

    public string? ValuesFile { get; init; }

    public int? PollingInterval { get; init; }

    public int? CooldownPeriod { get; init; }

    // KEDA's maxReplicaCount is sized for a cluster; a laptop with 2 cores cannot run 100 workers.
    public int MaxReplicas { get; init; } = 4;

    public bool Help { get; init; }
}
