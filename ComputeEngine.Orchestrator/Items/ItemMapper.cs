using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>Maps item rows to the API's view.</summary>
public static class ItemMapper
{
    public static ItemView ToView(ItemRecord row, string instanceId, JsonElement? input = null, bool withAttempts = false)
    {
        var firstStarted = row.FirstStartedAt ?? row.StartedAt;
        return new(
            row.Index,
            row.Status,
            row.Attempts,
            row.Worker,
            row.EnqueuedAt,
            row.StartedAt,
            row.FinishedAt,
            firstStarted is { } started && row.EnqueuedAt is { } enqueued ? (started - enqueued).TotalMilliseconds : null,
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
            input)
        {
            FirstStartedTime = firstStarted,
            BackoffMilliseconds = row.BackoffMilliseconds ?? (row.Attempts > 0 ? 0 : null),
            AttemptLog = withAttempts ? Attempts(row) : null,
        };
    }

    /// <summary>
    /// The row's kept attempts, and the current one when the log does not hold it: the worker logs a first
    /// attempt that succeeds only in the row's columns, and a claimed or running attempt has no outcome yet.
    /// </summary>
    public static List<ItemAttempt> Attempts(ItemRecord row)
    {
        var attempts = AttemptLog.Parse(row.AttemptLog).ToList();
        var logged = attempts.Count > 0 ? attempts[^1].Number : 0;
        if (row.StartedAt is { } started && row.Attempts > logged && row.Status is ItemStatus.Succeeded or ItemStatus.Claimed or ItemStatus.Running)
        {
            var succeeded = row.Status == ItemStatus.Succeeded;
            attempts.Add(new ItemAttempt(
                row.Attempts, started, succeeded ? AttemptOutcome.Succeeded : row.Status, row.Worker,
                succeeded ? row.FinishedAt : null, succeeded ? row.RunMilliseconds : null));
        }

        return attempts;
    }
}
