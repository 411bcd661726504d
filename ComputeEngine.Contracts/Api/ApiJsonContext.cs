using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Contracts.Api;

/// <summary>Source-generated JSON of the HTTP API, for the orchestrator that writes it and the clients that read it.</summary>
// No default ignore condition: the orchestrator writes these through ASP.NET Core's options, so what a
// property leaves out when null is said on the property, where both writers see it.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InstanceStatus))]
[JsonSerializable(typeof(List<InstanceStatus>))]
[JsonSerializable(typeof(List<HistoryEvent>))]
[JsonSerializable(typeof(JobSummary))]
[JsonSerializable(typeof(CheckStatusResponse))]
[JsonSerializable(typeof(PurgeResult))]
[JsonSerializable(typeof(ItemPage))]
[JsonSerializable(typeof(ItemView))]
[JsonSerializable(typeof(Problem))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
