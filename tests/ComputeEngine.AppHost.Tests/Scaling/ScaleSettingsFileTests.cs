using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost.Tests.Scaling;

public sealed class ScaleSettingsFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"values-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void The_worker_scale_block_is_read_and_every_other_key_ignored()
    {
        File.WriteAllText(_path, """
            storage:
              accountName: ""
            orchestrator:
              resources:
                requests: { cpu: 250m, memory: 256Mi }
            worker:
              image: ""
              scale:
                pollingInterval: 5
                cooldownPeriod: 30
                minReplicaCount: 0
                maxReplicaCount: 100
                queueLength: 5
                activationQueueLength: 0
                queueLengthStrategy: all
              tolerations:
                - key: workload
                  operator: Equal
            keda:
              cloud: AzurePublicCloud
            """);

        var settings = ScaleSettingsFile.Load(_path);

        Assert.Equal(
            new ScaleSettings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 0, 100, 5, 0, ScaleSettings.AllMessages),
            settings);
    }

    [Fact]
    public void The_repository_values_file_holds_the_seed_numbers()
    {
        var settings = ScaleSettingsFile.Load(Path.Combine(ComputeEngine.Testing.RepositoryRoot.Path, "infra", "helm", "computeengine", "values.yaml"));

        Assert.Equal((5, 30, 0, 100, 5), ((int)settings.PollingInterval.TotalSeconds, (int)settings.CooldownPeriod.TotalSeconds,
            settings.MinReplicaCount, settings.MaxReplicaCount, settings.QueueLength));
    }

    [Fact]
    public void A_missing_file_names_the_path_and_the_option()
    {
        var error = Assert.Throws<AppHostException>(() => ScaleSettingsFile.Load(_path));

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains("--values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        File.WriteAllText(_path, """
            worker:
              scale:
                pollingInterval: 5
                cooldownPeriod: 30
                minReplicaCount: 0
                maxReplicaCount: 100
            """);

        var error = Assert.Throws<AppHostException>(() => ScaleSettingsFile.Load(_path));

        Assert.Contains("worker.scale.queueLength", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queueLength: 0", "queueLength must be at least 1")]
    [InlineData("queueLengthStrategy: newest", "queueLengthStrategy must be all or visibleOnly")]
    [InlineData("minReplicaCount: 200", "minReplicaCount must not exceed maxReplicaCount")]
    public void A_value_KEDA_would_reject_is_rejected(string line, string message)
    {
        var key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var lines = new Dictionary<string, string>
        {
            ["pollingInterval"] = "pollingInterval: 5",
            ["cooldownPeriod"] = "cooldownPeriod: 30",
            ["minReplicaCount"] = "minReplicaCount: 0",
            ["maxReplicaCount"] = "maxReplicaCount: 100",
            ["queueLength"] = "queueLength: 5",
            ["queueLengthStrategy"] = "queueLengthStrategy: all",
        };
        lines[key] = line;
        File.WriteAllText(_path, "worker:\n  scale:\n" + string.Concat(lines.Values.Select(l => $"    {l}\n")));

        var error = Assert.Throws<AppHostException>(() => ScaleSettingsFile.Load(_path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Visible_only_strategy_is_accepted_in_any_case()
    {
        File.WriteAllText(_path, """
            worker:
              scale: { pollingInterval: 5, cooldownPeriod: 30, minReplicaCount: 0, maxReplicaCount: 3, queueLength: 5, queueLengthStrategy: VisibleOnly }
            """);

        Assert.Equal(ScaleSettings.VisibleOnly, ScaleSettingsFile.Load(_path).QueueLengthStrategy);
    }
}
