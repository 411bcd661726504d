using System.CommandLine;
using System.Text.Json;
using ComputeEngine.Cli.Api;
using ComputeEngine.Cli.Output;

namespace ComputeEngine.Cli.Commands;

public static class ItemCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var id = CommandRunner.InstanceIdArgument();
        var itemId = new Argument<int>("itemId") { Description = "The item's index in the job (as status and the dashboard show it)" };
        var json = new Option<bool>("--json") { Description = "Print the item as the API returns it" };
        var command = new Command("item", "Show one item: its input, output and every attempt with its error and stack trace or stderr") { id, itemId, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(itemId) < 0)
            {
                result.AddError("itemId must be 0 or more.");
            }
        });
        command.Runs(context, async (parse, cancellationToken) =>
        {
            using var client = global.CreateClient(parse, context);
            var instanceId = parse.GetRequiredValue(id);
            var index = parse.GetValue(itemId);
            var item = await client.GetItemAsync(instanceId, index, cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.WriteIndented(context.Out, JsonSerializer.SerializeToElement(item, ApiJsonContext.Default.ItemView));
                return ExitCodes.Success;
            }

            var output = item.Status == "Succeeded" ? await client.GetItemOutputAsync(instanceId, index, cancellationToken) : null;
            ItemReport.Write(context.Out, instanceId, item, output);
            return ExitCodes.Success;
        });
        return command;
    }
}
