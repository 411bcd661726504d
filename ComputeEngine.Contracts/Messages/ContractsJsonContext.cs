using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Contracts.Messages;

/// <summary>Source-generated JSON for everything that crosses a process boundary.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(WorkMessage))]
[JsonSerializable(typeof(CompletionMessage))]
[JsonSerializable(typeof(PoisonEnvelope))]
[JsonSerializable(typeof(List<Storage.ItemAttempt>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
