namespace ComputeEngine.Testing;

/// <summary>Where the Python runner, a fault-injecting test module and the seed's own algorithm module are.</summary>
public static class PythonAlgorithms
{
    /// <summary>The runner as committed (a worker's build output carries a copy under <c>runners/python</c>).</summary>
    public static string Runner { get; } = Path.Combine(RepositoryRoot.Path, "ComputeEngine.Worker", "runners", "python", "computeengine_runner.py");

    /// <summary>The seed's algorithm without its 5-second sleep and logging: what a benchmark of the runner needs.</summary>
    public static string SumModule { get; } = Path.Combine(RepositoryRoot.Path, "tests", "ComputeEngine.Testing", "python", "sum_algorithm.py");

    public static string FaultyModule { get; } = Path.Combine(RepositoryRoot.Path, "tests", "ComputeEngine.Testing", "python", "faulty_algorithm.py");

    /// <summary>The SHA-256 of the seed's <c>compute-algorithm/__init__.py</c> as the user gave it.</summary>
    public const string SeedModuleSha256 = "265eea8986b376ce9442dddc5126535731402edc21be96fcf397675b3da9db95";

    /// <summary>Where the seed lies when the repository is checked out beside <c>shared/</c>.</summary>
    public static string SharedSeedModule { get; } =
        Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "seed", "compute-algorithm"));

    /// <summary>A byte-for-byte copy, for clones made elsewhere (CI); <see cref="SeedModuleSha256"/> pins it to the seed.</summary>
    public static string CopiedSeedModule { get; } =
        Path.Combine(RepositoryRoot.Path, "tests", "ComputeEngine.Testing", "python", "seed", "compute-algorithm");

    /// <summary>The seed's <c>compute-algorithm/</c> package, unchanged: its own file where it lies, else the pinned copy.</summary>
    public static string SeedModule =>
        File.Exists(Path.Combine(SharedSeedModule, "__init__.py")) ? SharedSeedModule : CopiedSeedModule;

    public static string Sha256(string module) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(module, "__init__.py"))));
}
