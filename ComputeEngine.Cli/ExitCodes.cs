namespace ComputeEngine.Cli;

/// <summary>What the process exit code tells a script.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int JobFailed = 1;
    public const int JobTerminated = 2;
    public const int RequestFailed = 3;
    public const int InvalidInput = 4;
    public const int Cancelled = 130;
}
