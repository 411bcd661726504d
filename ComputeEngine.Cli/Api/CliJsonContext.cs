using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Cli.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StartedJob))]
[JsonSerializable(typeof(InstanceStatus))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(ItemPage))]
[JsonSerializable(typeof(ItemDetail))]
[JsonSerializable(typeof(Problem))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
