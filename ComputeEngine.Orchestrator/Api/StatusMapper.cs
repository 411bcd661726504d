using System.Text.Json;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Maps a job header to Durable Functions' status shape.</summary>
public static class StatusMapper
{
    public static InstanceStatus ToStatus(InstanceHeader header, bool showInput, bool showHistory, int? stillRunning = null) => new(
        header.Name,
        header.PartitionKey,
        header.RuntimeStatus,
        showInput && header.Input is not null ? Parse(header.Input) : null,
        JobLifecycle.Progress(header, stillRunning),
        header.Output is null ? null : JsonSerializer.Deserialize(header.Output, ApiJsonContext.Default.JobSummary),
        header.CreatedTime,
        header.LastUpdatedTime,
        showHistory ? JobLifecycle.History(header) : null);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
