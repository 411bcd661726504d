using System.CommandLine;

namespace ComputeEngine.Cli.Commands;

public static class PurgeCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var command = new Command("purge", "Delete a finished job: its state, item records and output blobs") { id };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var instanceId = parse.GetRequiredValue(id);
            await client.PurgeAsync(instanceId, cancellationToken);
            context.Out.WriteLine($"Purged job {instanceId}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
