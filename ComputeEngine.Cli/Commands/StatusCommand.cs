using System.CommandLine;
using System.Text.Json;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Commands;

public static class StatusCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var json = new Option<bool>("--json") { Description = "Print the status as the API returns it" };
        var command = new Command("status", "Show a job's status, progress and first errors") { id, json };
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var status = await client.GetStatusAsync(parse.GetRequiredValue(id), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.WriteIndented(context.Out, JsonSerializer.SerializeToElement(status, ApiJsonContext.Default.InstanceStatus));
            }
            else
            {
                StatusView.Write(context.Console, status);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
