using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Orchestrator;

/// <summary>What the orchestrator writes besides the API's own types (<see cref="ApiJsonContext"/>): stored errors, inputs, Event Grid and backlog answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ItemError>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(EventGrid.ValidationResponse))]
[JsonSerializable(typeof(Dispatch.BacklogView))]
internal sealed partial class OrchestratorJsonContext : JsonSerializerContext;
