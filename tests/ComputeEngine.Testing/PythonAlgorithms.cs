namespace ComputeEngine.Testing;

/// <summary>Where the Python runner, a fault-injecting test module and the seed's own algorithm module are.</summary>
public static class PythonAlgorithms
{
    /// <summary>The runner as committed (a worker's build output carries a copy under <c>runners/python</c>).</summary>
    public static string Runner { get; } = Path.Combine(RepositoryRoot.Path, "ComputeEngine.Worker", "runners", "python", "computeengine_runner.py");

    /// <summary>The seed's algorithm without its 5-second sleep and logging: what a benchmark of the runner needs.</summary>
    public static string SumModule { get; } = Path.Combine(RepositoryRoot.Path, "tests", "ComputeEngine.Testing", "python", "sum_algorithm.py");

    public static string FaultyModule { get; } = Path.Combine(RepositoryRoot.Path, "tests", "ComputeEngine.Testing", "python", "faulty_algorithm.py");

    /// <summary>
    /// The seed's <c>compute-algorithm/</c> package, referenced where it lies (the repository's parent holds
    /// <c>shared/</c>), never copied: a test of "unchanged" must run the seed's own file. Missing, it throws.
    /// </summary>
    public static string SeedModule
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "seed", "compute-algorithm"));
            return File.Exists(Path.Combine(path, "__init__.py"))
                ? path
                : throw new InvalidOperationException($"The seed's algorithm module is not at {path}; these tests need the checkout beside shared/.");
        }
    }
}
