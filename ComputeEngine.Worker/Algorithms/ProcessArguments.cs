namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// Expands <c>{WorkerDirectory}</c> in a configured argument to the worker's own directory, where the
/// shipped runners are (<c>{WorkerDirectory}/runners/python/computeengine_runner.py</c>): the same setting
/// then works from a build output, <c>dotnet run</c> and the container image.
/// </summary>
public static class ProcessArguments
{
    public static string Expand(string argument) =>
        argument.Replace("{WorkerDirectory}", AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
