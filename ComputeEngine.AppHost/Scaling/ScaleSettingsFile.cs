using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>
/// Reads <c>worker.scale</c> from the Helm chart's values file, the one source of the KEDA numbers for both
/// the cluster's ScaledObject and the local autoscaler.
/// </summary>
internal static class ScaleSettingsFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static ScaleSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new AppHostException($"KEDA settings not found: {path} is missing (worker.scale in the Helm chart's values file); pass --values PATH");
        }

        Values? values;
        try
        {
            values = Yaml.Deserialize<Values>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new AppHostException($"{path} is not valid YAML: {e.Message}");
        }

        var scale = values?.Worker?.Scale ?? throw new AppHostException($"{path} has no worker.scale section");
        var strategy = (scale.QueueLengthStrategy ?? ScaleSettings.AllMessages).ToLowerInvariant();
        var settings = new ScaleSettings(
            TimeSpan.FromSeconds(Required(path, nameof(scale.PollingInterval), scale.PollingInterval)),
            TimeSpan.FromSeconds(Required(path, nameof(scale.CooldownPeriod), scale.CooldownPeriod)),
            Required(path, nameof(scale.MinReplicaCount), scale.MinReplicaCount),
            Required(path, nameof(scale.MaxReplicaCount), scale.MaxReplicaCount),
            Required(path, nameof(scale.QueueLength), scale.QueueLength),
            scale.ActivationQueueLength ?? 0,
            strategy);
        return Validate(path, settings);
    }

    private static int Required(string path, string name, int? value) =>
        value ?? throw new AppHostException($"{path} has no worker.scale.{char.ToLowerInvariant(name[0])}{name[1..]}");

    private static ScaleSettings Validate(string path, ScaleSettings settings)
    {
        var problem = settings switch
        {
            { PollingInterval.TotalSeconds: <= 0 } => "pollingInterval must be positive",
            { CooldownPeriod.TotalSeconds: < 0 } => "cooldownPeriod must not be negative",
            { MinReplicaCount: < 0 } => "minReplicaCount must not be negative",
            { MaxReplicaCount: < 1 } => "maxReplicaCount must be at least 1",
            _ when settings.MinReplicaCount > settings.MaxReplicaCount => "minReplicaCount must not exceed maxReplicaCount",
            { QueueLength: < 1 } => "queueLength must be at least 1",
            { ActivationQueueLength: < 0 } => "activationQueueLength must not be negative",
            { QueueLengthStrategy: not (ScaleSettings.AllMessages or ScaleSettings.VisibleOnly) } => "queueLengthStrategy must be all or visibleOnly",
            _ => null,
        };
        return problem is null ? settings : throw new AppHostException($"{path}: worker.scale.{problem}");
    }

    private sealed class Values
    {
        public WorkerValues? Worker { get; set; }
    }

    private sealed class WorkerValues
    {
        public ScaleValues? Scale { get; set; }
    }

    private sealed class ScaleValues
    {
        public int? PollingInterval { get; set; }

        public int? CooldownPeriod { get; set; }

        public int? MinReplicaCount { get; set; }

        public int? MaxReplicaCount { get; set; }

        public int? QueueLength { get; set; }

        public int? ActivationQueueLength { get; set; }

        public string? QueueLengthStrategy { get; set; }
    }
}
