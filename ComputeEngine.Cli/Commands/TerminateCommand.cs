using System.CommandLine;

namespace ComputeEngine.Cli.Commands;

public static class TerminateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var reason = CommandRunner.ReasonOption("terminated");
        var command = new Command("terminate", "Stop a running job: nothing more is dispatched and workers skip its remaining items") { id, reason };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var instanceId = parse.GetRequiredValue(id);
            await client.TerminateAsync(instanceId, parse.GetValue(reason), cancellationToken);
            context.Out.WriteLine($"Terminated job {instanceId}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
