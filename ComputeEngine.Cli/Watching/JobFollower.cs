using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Watching;

/// <summary>Follows a job to its end with a live bar or plain lines, then reports how it ended as text and exit code.</summary>
public static class JobFollower
{
    public static async Task<int> FollowAsync(CliContext context, OrchestratorClient client, string instanceId, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        InstanceStatus status;
        try
        {
            status = context.IsLive
                ? await LiveProgress.RunAsync(context.Console, instanceId, report => JobWatcher.WatchAsync(client, instanceId, report, clock, cancellationToken))
                : await JobWatcher.WatchAsync(client, instanceId, new PlainProgress(context.Out, clock).Report, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.WriteNote($"Stopped watching job {instanceId}; the job goes on. Watch it again with: computeengine watch {instanceId}");
            return ExitCodes.Cancelled;
        }

        JobReport.Write(context.Out, status, await FailedInputFilesAsync(client, status, cancellationToken));
        return ExitCodeOf(status);
    }

    /// <summary>The input file of each failed item of a job on uploaded files, so a report names files rather than indexes.</summary>
    public static async Task<IReadOnlyDictionary<int, string>?> FailedInputFilesAsync(OrchestratorClient client, InstanceStatus status, CancellationToken cancellationToken)
    {
        if (status.InputBlobPrefix is not { } prefix || (status.Output?.Errors ?? []).Count == 0)
        {
            return null;
        }

        // The first page is enough: the report lists the first errors only.
        var page = await client.ItemsAsync(status.InstanceId, 100, null, cancellationToken, status: "Failed");
        return page.Items.Where(i => i.InputBlob is not null)
            .ToDictionary(i => i.ItemId, i => OutputNames.ForInputBlob(i.InputBlob!, prefix) ?? i.InputBlob!);
    }

    public static int ExitCodeOf(InstanceStatus status) => status.RuntimeStatus switch
    {
        RuntimeStatus.Completed => ExitCodes.Success,
        RuntimeStatus.Failed => ExitCodes.JobFailed,
        _ => ExitCodes.JobTerminated,
    };
}
