using ComputeEngine.Cli.Api;

namespace ComputeEngine.Cli.Output;

/// <summary>How a finished job ended, in a sentence, with its first errors.</summary>
public static class JobReport
{
    /// <param name="inputFiles">For a job on uploaded files: the failed items' input files, by item id.</param>
    public static void Write(TextWriter output, InstanceStatus status, IReadOnlyDictionary<int, string>? inputFiles = null)
    {
        var summary = status.Output ?? FromProgress(status.CustomStatus);
        var took = $" in {Formats.Duration(status.LastUpdatedTime - status.CreatedTime)}";
        output.WriteLine(status.RuntimeStatus switch
        {
            RuntimeStatus.Completed => $"Job {status.InstanceId} Completed: {summary.Succeeded} of {summary.Total} items succeeded{took}.",
            RuntimeStatus.Failed => $"Job {status.InstanceId} Failed: {summary.Failed} of {summary.Total} items failed, {summary.Succeeded} succeeded{took}.",
            _ => $"Job {status.InstanceId} {status.RuntimeStatus}: {summary.Succeeded + summary.Failed} of {summary.Total} items done.",
        });
        var errors = summary.Errors ?? [];
        foreach (var error in errors.OrderBy(e => e.ItemId))
        {
            var file = inputFiles?.GetValueOrDefault(error.ItemId) is { } name ? $" ({name})" : "";
            output.WriteLine($"  item {error.ItemId}{file} after {Attempts(error.Attempts)}: {error.Error}");
        }

        if (errors.Count > 0)
        {
            output.WriteLine($"  Every attempt of an item, with its stack trace: computeengine item {status.InstanceId} {errors.Min(e => e.ItemId)}");
        }

        if (summary.Failed > errors.Count && errors.Count > 0)
        {
            output.WriteLine($"  … and {summary.Failed - errors.Count} more; GET /api/instances/{status.InstanceId}/items?status=Failed lists them all.");
        }
    }

    public static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static JobSummary FromProgress(JobProgress? progress) =>
        new(progress?.Total ?? 0, progress?.Succeeded ?? 0, progress?.Failed ?? 0, null, null, []);
}
