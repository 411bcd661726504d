using System.Globalization;
using System.Net.Http.Json;
using ComputeEngine.Dashboard.Orchestrator;

namespace ComputeEngine.Dashboard.Cluster;

/// <summary>Running locally: the AppHost's worker replicas and autoscaler, from its <c>/status</c> endpoint.</summary>
public sealed class AppHostClusterView(HttpClient http) : IClusterView
{
    public const string Description = "running locally (AppHost)";

    public async Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var status = await http.GetFromJsonAsync("/status", DashboardJsonContext.Default.AppHostStatus, cancellationToken)
                ?? throw new InvalidOperationException("The AppHost's status was empty.");
            return ToSnapshot(status);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new(ClusterMode.Local, Description, [], [LocalNode], null, "The AppHost's status is not available: " + e.Message);
        }
    }

    public static ClusterSnapshot ToSnapshot(AppHostStatus status) => new(
        ClusterMode.Local,
        Description,
        [.. status.Resources.Where(r => r.Name.StartsWith("worker", StringComparison.Ordinal)).Select(ToReplica)],
        [LocalNode],
        status.Scaler is { } scaler ? ToScaler(scaler) : null);

    private static NodeInfo LocalNode { get; } = new("local", true, Environment.MachineName);

    private static ReplicaInfo ToReplica(AppHostResource resource) => new(
        resource.Name,
        resource.State switch
        {
            "Starting" or "Restarting" => ReplicaPhase.Starting,
            "Running" or "Healthy" => ReplicaPhase.Running,
            "Stopping" => ReplicaPhase.Stopping,
            _ => ReplicaPhase.Stopped,
        },
        resource.State,
        string.Join(" · ", new[]
        {
            resource.Pid is { } pid ? string.Create(CultureInfo.InvariantCulture, $"pid {pid}") : null,
            resource.Url,
            resource.LastExitCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"last exit {code}") : null,
        }.OfType<string>()),
        resource.Restarts,
        null);

    private static ScalerInfo ToScaler(AppHostScaler scaler) => new(
        scaler.Settings is { } s
            ? string.Create(CultureInfo.InvariantCulture,
                $"queue {scaler.Queue}: {s.QueueLength} messages per replica, {s.MinReplicaCount}..{s.MaxReplicaCount} replicas, polling {s.PollingInterval.TotalSeconds:0.#} s, cooldown {s.CooldownPeriod.TotalSeconds:0.#} s")
            : "queue " + scaler.Queue,
        scaler.QueueLength,
        scaler.Replicas,
        scaler.LastPoll,
        [.. (scaler.Decisions ?? []).OrderByDescending(d => d.Time)]);
}
