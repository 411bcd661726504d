using System.CommandLine;

namespace ComputeEngine.Cli.Commands;

public static class RewindCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var reason = CommandRunner.ReasonOption("rewound");
        var command = new Command("rewind", "Run the failed items of a Failed job again") { id, reason };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var instanceId = parse.GetRequiredValue(id);
            await client.RewindAsync(instanceId, parse.GetValue(reason), cancellationToken);
            context.Out.WriteLine($"Rewinding job {instanceId}: its failed items run again. Follow it with: computeengine watch {instanceId}");
            return ExitCodes.Success;
        });
        return command;
    }
}
