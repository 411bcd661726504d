namespace ComputeEngine.Worker.Algorithms;

/// <summary>A process algorithm exited with an error; the item's attempt log keeps its stderr tail.</summary>
public sealed class ProcessFailedException(string message, string standardErrorTail) : InvalidOperationException(message)
{
    public string StandardErrorTail { get; } = standardErrorTail;
}
