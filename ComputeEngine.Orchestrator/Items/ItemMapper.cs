using System.Text.Json;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>Maps item rows to the API's view.</summary>
public static class ItemMapper
{
    public static ItemView ToView(ItemRecord row, string instanceId, JsonElement? input = null) => new(
        row.Index,
        row.Status,
        row.Attempts,
        row.Worker,
        row.EnqueuedAt,
        row.StartedAt,
        row.FinishedAt,
        row.StartedAt is { } started && row.EnqueuedAt is { } enqueued ? (started - enqueued).TotalMilliseconds : null,
        row.RunMilliseconds,
        row.Error,
        row.Status == ItemStatus.Succeeded && row.OutputBlob is not null
            ? new ItemOutputRef(
                $"/api/instances/{Uri.EscapeDataString(instanceId)}/items/{row.Index}/output",
                $"{StorageNames.OutputContainer}/{row.OutputBlob}",
                row.OutputOffset ?? 0,
                row.OutputLength ?? 0)
            : null,
        row.InputBlob,
        input);
}
