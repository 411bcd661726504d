namespace ComputeEngine.Orchestrator.Api;

/// <summary>Parses the optional boolean query parameters of the API.</summary>
public static class QueryFlags
{
    public static bool TryParse(string? value, out bool result)
    {
        result = false;
        return value is null || bool.TryParse(value, out result);
    }
}
