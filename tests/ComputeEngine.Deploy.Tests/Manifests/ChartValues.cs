using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ComputeEngine.Deploy.Tests.Manifests;

/// <summary>
/// The parts of infra/helm/computeengine/values.yaml the tests compare with, read the way the AppHost's
/// autoscaler reads the scale block: YamlDotNet, camelCase keys.
/// </summary>
public sealed class ChartValues
{
    public StorageValues Storage { get; set; } = new();

    public ComponentValues Orchestrator { get; set; } = new();

    public ComponentValues Dashboard { get; set; } = new();

    public WorkerValues Worker { get; set; } = new();

    public static ChartValues Load(string path) =>
        new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<ChartValues>(File.ReadAllText(path));
}

public sealed class StorageValues
{
    public string WorkQueue { get; set; } = "";
}

public class ComponentValues
{
    public string ServiceAccountName { get; set; } = "";
}

public sealed class WorkerValues : ComponentValues
{
    public string Mode { get; set; } = "";

    public WorkerScale Scale { get; set; } = new();

    public int ShutdownTimeoutSeconds { get; set; }

    public Dictionary<string, string> NodeSelector { get; set; } = [];

    public List<Dictionary<string, string>> Tolerations { get; set; } = [];
}

public sealed class WorkerScale
{
    public int PollingInterval { get; set; }

    public int CooldownPeriod { get; set; }

    public int MinReplicaCount { get; set; }

    public int MaxReplicaCount { get; set; }

    public int QueueLength { get; set; }

    public int ActivationQueueLength { get; set; }

    public string QueueLengthStrategy { get; set; } = "";
}
