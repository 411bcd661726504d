using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Cli.Api;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<JsonElement>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
