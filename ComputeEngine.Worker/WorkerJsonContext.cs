using System.Text.Json;
using System.Text.Json.Serialization;
using ComputeEngine.Worker.Algorithms;

namespace ComputeEngine.Worker;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(SleepResult))]
[JsonSerializable(typeof(List<JsonElement>))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
