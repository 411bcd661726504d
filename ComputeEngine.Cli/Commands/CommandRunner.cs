using System.CommandLine;

namespace ComputeEngine.Cli.Commands;

/// <summary>Runs a command's action and turns every failure into one line on stderr and an exit code.</summary>
public static class CommandRunner
{
    public static void Runs(this Command command, CliContext context, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (CliException e)
            {
                context.WriteError(e.Message);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                context.WriteError("Cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e)
            {
                context.WriteError($"Unexpected {e.GetType().Name}: {e.Message}");
                return ExitCodes.RequestFailed;
            }
        });

    public static Argument<string> InstanceIdArgument() => new("id") { Description = "The job's instance id" };

    public static Option<string> ReasonOption(string action) => new("--reason") { Description = $"Why the job is {action}; kept in its history" };
}
