namespace ComputeEngine.Orchestrator.Instances;

/// <summary>The levels a job's <c>priority</c> may take at start: higher is dispatched first.</summary>
public static class JobPriority
{
    public const int Lowest = 1;
    public const int Highest = 5;
    public const int Default = 3;
}
