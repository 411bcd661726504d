using System.CommandLine;
using ComputeEngine.Cli.Watching;

namespace ComputeEngine.Cli.Commands;

public static class WatchCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var command = new Command(
            "watch",
            "Follow a job until it ends: done/failed/total, items/s and ETA. Exit code 0 when Completed, 1 when Failed, 2 when Terminated")
        {
            id,
        };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            return await JobFollower.FollowAsync(context, client, parse.GetRequiredValue(id), cancellationToken);
        });
        return command;
    }
}
