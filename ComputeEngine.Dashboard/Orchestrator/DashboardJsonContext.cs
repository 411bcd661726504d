using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Dashboard.Cluster;

namespace ComputeEngine.Dashboard.Orchestrator;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AppHostStatus))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
