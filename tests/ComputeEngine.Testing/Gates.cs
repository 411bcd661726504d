namespace ComputeEngine.Testing;

/// <summary>
/// A file that holds a <c>sleep</c> item failing, hung or running for as long as it exists: a test ends the
/// condition by deleting it, at the point it chooses, instead of racing a clock.
/// </summary>
public static class Gates
{
    public static string Create()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gate-").FullName, "on");
        File.WriteAllText(path, "");
        return path;
    }

    /// <summary>The path as a JSON string, to put into an input.</summary>
    public static string Json(string path) => System.Text.Json.JsonSerializer.Serialize(path);
}
