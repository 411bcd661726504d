using System.CommandLine;
using System.CommandLine.Invocation;
using ComputeEngine.Cli.Commands;

namespace ComputeEngine.Cli;

/// <summary>The <c>computeengine</c> command tree and its entry point, callable in-process by tests.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("ComputeEngine's command line: submit jobs to the orchestrator, watch them and fetch their results.")
        {
            global.Url,
            global.Key,
            SubmitCommand.Create(context, global),
            WatchCommand.Create(context, global),
            StatusCommand.Create(context, global),
            ItemCommand.Create(context, global),
            ListCommand.Create(context, global),
            ResultsCommand.Create(context, global),
            TerminateCommand.Create(context, global),
            RewindCommand.Create(context, global),
            PurgeCommand.Create(context, global),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var parse = Build(context).Parse(args);
        if (parse.Action is ParseErrorAction parseError)
        {
            // The error and a typo suggestion say enough; the whole help would bury them.
            parseError.ShowHelp = false;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            ProcessTerminationTimeout = context.HandlesTermination ? TimeSpan.FromSeconds(3) : null,
        };
        var exitCode = await parse.InvokeAsync(invocation, cancellationToken);
        // System.CommandLine ends a usage error with 1, which `watch` uses for a Failed job.
        return parse.Errors.Count > 0 && exitCode != ExitCodes.Success ? ExitCodes.InvalidInput : exitCode;
    }
}
