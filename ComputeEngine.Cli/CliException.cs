namespace ComputeEngine.Cli;

/// <summary>A failure the user can act on: one line for stderr and the exit code to end with.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.RequestFailed, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static CliException InvalidInput(string message, Exception? inner = null) => new(message, ExitCodes.InvalidInput, inner);
}
