using System.Text;
using System.Text.Json;
using CliWrap;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>The configuration of an external-process algorithm.</summary>
public sealed class ProcessAlgorithmOptions
{
    /// <summary>The program to run, e.g. <c>python3</c>.</summary>
    public string Command { get; set; } = "";

    /// <summary>Arguments; <c>{WorkerDirectory}</c> is the worker's own directory (see <see cref="ProcessArguments"/>).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>
    /// One process per item (the default: any program that reads its input and exits works, as before) or
    /// long-lived processes speaking the line protocol (<see cref="ProcessSession"/>; the shipped Python runner does).
    /// </summary>
    public ProcessMode Mode { get; set; } = ProcessMode.PerItem;

    public string? WorkingDirectory { get; set; }

    /// <summary>Variables the process gets beyond the few it inherits (see <see cref="ProcessAlgorithm.Inherited"/>).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Output (stdout; in persistent mode, one response line) an item may write; more fails the item and stops its process.</summary>
    public int MaxOutputBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>
/// Runs a configured program per item: the input JSON on stdin, the output JSON on stdout. A non-zero
/// exit fails the attempt with the tail of stderr, so users plug in any language (the seed's Python).
/// The program sees an explicit environment, never the worker's own (which holds storage credentials),
/// and what it writes is bounded: the worker's memory does not depend on the program behaving.
/// </summary>
public sealed class ProcessAlgorithm(string name, ProcessAlgorithmOptions options) : IAlgorithm
{
    /// <summary>What the program inherits from the worker: enough to find programs and run in a locale.</summary>
    public static readonly IReadOnlySet<string> Inherited = new HashSet<string>(StringComparer.Ordinal) { "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR" };

    /// <summary>Where a failure carries the stderr tail, which the item's attempt log keeps instead of the worker's stack.</summary>
    public const string StandardErrorTailKey = "ComputeEngine.StandardErrorTail";

    private const int StderrTailBytes = 1024;

    public string Name => name;

    public async ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var stdout = new BoundedCapture(options.MaxOutputBytes, keepTail: false);
        var stderr = new BoundedCapture(StderrTailBytes, keepTail: true);
        using var flooded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stdout.Exceeded += flooded.Cancel;
        var command = Cli.Wrap(options.Command)
            .WithArguments(options.Arguments.Select(ProcessArguments.Expand))
            .WithWorkingDirectory(options.WorkingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(Environment())
            .WithStandardInputPipe(PipeSource.FromString(input.GetRawText()))
            .WithStandardOutputPipe(PipeTarget.Create(stdout.CopyFromAsync))
            .WithStandardErrorPipe(PipeTarget.Create(stderr.CopyFromAsync))
            .WithValidation(CommandResultValidation.None);
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(flooded.Token);
        }
        catch (OperationCanceledException) when (stdout.IsExceeded && !cancellationToken.IsCancellationRequested)
        {
            throw new PermanentFailureException($"{name} wrote more than {options.MaxOutputBytes} bytes of output (Worker:Processes:{name}:MaxOutputBytes).");
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with code {result.ExitCode}: {stderr.Text.Trim()}")
            {
                Data = { [StandardErrorTailKey] = stderr.Text },
            };
        }

        try
        {
            using var document = JsonDocument.Parse(stdout.Bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PermanentFailureException($"{name} wrote output that is not JSON: {e.Message}");
        }
    }

    private Dictionary<string, string?> Environment()
    {
        // CliWrap starts from the worker's environment; a null value removes a variable.
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(key => !Inherited.Contains(key))
            .ToDictionary(key => key, _ => (string?)null, StringComparer.Ordinal);
        foreach (var (key, value) in options.Environment)
        {
            environment[key] = value;
        }

        return environment;
    }
}
