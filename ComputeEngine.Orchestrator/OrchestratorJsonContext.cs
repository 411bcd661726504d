using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Orchestrator.Api;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<HistoryEvent>))]
[JsonSerializable(typeof(List<ItemError>))]
[JsonSerializable(typeof(JobSummary))]
[JsonSerializable(typeof(JobProgress))]
[JsonSerializable(typeof(CheckStatusResponse))]
[JsonSerializable(typeof(InstanceStatus))]
[JsonSerializable(typeof(List<InstanceStatus>))]
[JsonSerializable(typeof(PurgeResult))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(EventGrid.ValidationResponse))]
[JsonSerializable(typeof(Items.ItemPage))]
[JsonSerializable(typeof(Items.ItemView))]
[JsonSerializable(typeof(Dispatch.BacklogView))]
internal sealed partial class OrchestratorJsonContext : JsonSerializerContext;
