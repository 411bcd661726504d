using System.Text;
using System.Text.Json;
using CliWrap;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>The configuration of an external-process algorithm.</summary>
public sealed class ProcessAlgorithmOptions
{
    /// <summary>The program to run, e.g. <c>python3</c>.</summary>
    public string Command { get; set; } = "";

    public List<string> Arguments { get; set; } = [];

    public string? WorkingDirectory { get; set; }
}

/// <summary>
/// Runs a configured program per item: the input JSON on stdin, the output JSON on stdout. A non-zero
/// exit fails the attempt with the tail of stderr, so users plug in any language (the seed's Python).
/// </summary>
public sealed class ProcessAlgorithm(string name, ProcessAlgorithmOptions options) : IAlgorithm
{
    private const int StderrTailChars = 1024;

    public string Name => name;

    public async ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(options.Command)
            .WithArguments(options.Arguments)
            .WithWorkingDirectory(options.WorkingDirectory ?? Directory.GetCurrentDirectory())
            .WithStandardInputPipe(PipeSource.FromString(input.GetRawText()))
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);
        var result = await command.ExecuteAsync(cancellationToken);
        if (result.ExitCode != 0)
        {
            var tail = stderr.Length <= StderrTailChars ? stderr.ToString() : stderr.ToString(stderr.Length - StderrTailChars, StderrTailChars);
            throw new InvalidOperationException($"{name} exited with code {result.ExitCode}: {tail.Trim()}");
        }

        try
        {
            using var document = JsonDocument.Parse(stdout.ToString());
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PermanentFailureException($"{name} wrote output that is not JSON: {e.Message}");
        }
    }
}
