using System.CommandLine;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Commands;

public static class ResultsCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var outFolder = new Option<string>("--out") { Description = "Write each output to its own file in this folder (named after the input file for a --dir job, else by item id)" };
        var jsonl = new Option<string>("--jsonl") { Description = "Write the outputs to this file as JSON lines {\"itemId\":n,\"output\":…}" };
        var follow = new Option<bool>("--follow") { Description = "Start while the job runs and end when it ends" };
        var command = new Command("results", "Download a job's outputs; without --out or --jsonl they go to standard output as JSON lines")
        {
            id, outFolder, jsonl, follow,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(outFolder) is not null && result.GetResult(jsonl) is not null)
            {
                result.AddError("Give --out or --jsonl, not both.");
            }
        });
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var instanceId = parse.GetRequiredValue(id);
            var following = parse.GetValue(follow);
            var status = await client.GetStatusAsync(instanceId, cancellationToken);
            var lines = client.ResultsAsync(instanceId, following, cancellationToken);
            if (parse.GetValue(outFolder) is { } folder)
            {
                var written = await new ResultFiles(client, status, folder).WriteAsync(lines, cancellationToken);
                context.Out.WriteLine($"Wrote {written} outputs to {folder}");
            }
            else if (parse.GetValue(jsonl) is { } file)
            {
                await using var writer = new StreamWriter(file);
                context.Out.WriteLine($"Wrote {await CopyAsync(lines, writer, cancellationToken)} outputs to {file}");
            }
            else
            {
                await CopyAsync(lines, context.Out, cancellationToken);
            }

            // Like watch: a script that fetched results must not take a partial set for the whole.
            return await NoteWhatIsMissingAsync(context, client, status, following, cancellationToken) ? ExitCodes.JobFailed : ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> CopyAsync(IAsyncEnumerable<string> lines, TextWriter writer, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(line);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Notes what the outputs lack; whether items failed.</summary>
    private static async Task<bool> NoteWhatIsMissingAsync(CliContext context, OrchestratorClient client, InstanceStatus before, bool following, CancellationToken cancellationToken)
    {
        var status = following ? await client.GetStatusAsync(before.InstanceId, cancellationToken) : before;
        if (!status.IsFinal)
        {
            context.WriteNote($"job {status.InstanceId} is {status.RuntimeStatus}: these are the outputs so far; add --follow to wait for all of them.");
        }

        var failed = status.CustomStatus?.Failed ?? status.Output?.Failed ?? 0;
        if (failed == 0)
        {
            return false;
        }

        var files = await Watching.JobFollower.FailedInputFilesAsync(client, status, cancellationToken);
        var named = files is { Count: > 0 } ? $" ({string.Join(", ", files.OrderBy(f => f.Key).Take(5).Select(f => f.Value))}{(files.Count > 5 ? ", …" : "")})" : "";
        var first = status.Output?.Errors is { Count: > 0 } errors ? errors.Min(e => e.ItemId).ToString(System.Globalization.CultureInfo.InvariantCulture) : "<itemId>";
        context.WriteNote($"{failed} {(failed == 1 ? "item failed and has" : "items failed and have")} no output{named}; see: computeengine status {status.InstanceId}, and computeengine item {status.InstanceId} {first}");
        return true;
    }
}
