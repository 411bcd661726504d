using ComputeEngine.Cli;
using Spectre.Console.Testing;

namespace ComputeEngine.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and how it ended.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs the CLI's real entry point in-process with captured consoles and a private environment.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new TestConsole().Width(250);
        using var error = new TestConsole().Width(250);
        var context = new CliContext(output, error, TextReader.Null, name => environment?.GetValueOrDefault(name));
        var exitCode = await CliApp.RunAsync(args, context, cancellationToken);
        return new CliResult(exitCode, output.Output, error.Output);
    }

    public static Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) => RunAsync(null, cancellationToken, args);
}
