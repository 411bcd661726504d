using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Dashboard.Cluster;

namespace ComputeEngine.Dashboard.Orchestrator;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JobStatus))]
[JsonSerializable(typeof(List<JobStatus>))]
[JsonSerializable(typeof(ItemPage))]
[JsonSerializable(typeof(ItemView))]
[JsonSerializable(typeof(StartedInstance))]
[JsonSerializable(typeof(PurgeResult))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(AppHostStatus))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
