using Spectre.Console;

namespace ComputeEngine.Cli;

/// <summary>Where a command reads and writes, and the environment it falls back to: the real console, or a test's.</summary>
public sealed class CliContext(IAnsiConsole output, IAnsiConsole error, TextReader input, Func<string, string?> environment)
{
    private const int RedirectedWidth = 250;

    public IAnsiConsole Console => output;

    /// <summary>Raw standard output, for data that must not be wrapped or styled (JSON, progress lines).</summary>
    public TextWriter Out => output.Profile.Out.Writer;

    public TextWriter Error => error.Profile.Out.Writer;

    public TextReader In => input;

    /// <summary>Whether standard output is a terminal that can redraw a live progress bar.</summary>
    public bool IsLive => output.Profile.Capabilities is { Interactive: true, Ansi: true };

    /// <summary>Whether System.CommandLine should turn Ctrl+C and SIGTERM into cancellation (only for the real process).</summary>
    public bool HandlesTermination { get; init; }

    public string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;

    public void WriteError(string message)
    {
        error.Write(new Text("error: ", new Style(Color.Red)));
        Error.WriteLine(message);
    }

    public void WriteNote(string message)
    {
        error.Write(new Text("note: ", new Style(Color.Yellow)));
        Error.WriteLine(message);
    }

    public static CliContext FromSystem()
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Out),
            Interactive = System.Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (System.Console.IsOutputRedirected)
        {
            // A file or a pipe has no width: keep table rows on one line each.
            output.Profile.Width = RedirectedWidth;
        }

        var error = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Error),
            Interactive = InteractionSupport.No,
        });
        return new CliContext(output, error, System.Console.In, Environment.GetEnvironmentVariable) { HandlesTermination = true };
    }
}
