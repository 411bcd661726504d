using System.Globalization;
using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Scaling;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.AppHost.Running;

/// <summary>The few lines a user needs once the system is up: what runs where, and how to start a job.</summary>
internal static class ResourceTable
{
    public static IEnumerable<string> Render(AppModel model, IReadOnlyList<ResourceProcess> resources, ScaleSettings scale, bool apiKey)
    {
        string StateOf(string name) => resources.FirstOrDefault(r => r.Name == name)?.State.ToString() ?? "-";
        var storage = model.Storage;
        var rows = new List<(string Name, string State, string Url, string What)>
        {
            ("storage", StateOf("storage"), storage.Blob.ToString(), $"Azurite: blob :{storage.BlobPort}, queue :{storage.QueuePort}, table :{storage.TablePort}"),
            ("orchestrator", StateOf("orchestrator"), model.OrchestratorUrl.ToString(), "start jobs and query their status (Durable Functions HTTP API)"),
        };
        if (model.DashboardUrl is { } dashboard)
        {
            rows.Add(("dashboard", StateOf("dashboard"), dashboard.ToString(), "jobs, queue length and worker replicas, live"));
        }

        var replicas = resources.Count(r => r.Name.StartsWith("worker-", StringComparison.Ordinal));
        rows.Add(("worker", Invariant($"{replicas} replicas"), "-", Invariant(
            $"autoscaled on queue {StorageNames.WorkQueue}: {scale.QueueLength} messages per replica, {scale.MinReplicaCount}..{scale.MaxReplicaCount}, cooldown {scale.CooldownPeriod.TotalSeconds:0} s")));
        rows.Add(("apphost", "Running", new Uri(model.StatusUrl, "/status").ToString(), "resources and autoscaler decisions as JSON"));

        var key = apiKey ? " -H \"x-functions-key: <your --api-key>\"" : "";
        return
        [
            "",
            .. rows.Select(row => $"  {row.Name,-13} {row.State,-11} {row.Url,-42} {row.What}"),
            "",
            "Start a job (Ctrl+C stops everything):",
            $"  curl -X POST \"{new Uri(model.OrchestratorUrl, "/api/orchestrators/ComputeOrchestrator?inputCount=100")}\" -H \"Content-Length: 0\"{key}",
            "",
        ];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
