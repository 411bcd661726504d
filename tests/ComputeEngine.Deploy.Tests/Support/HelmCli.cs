namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>helm from the npm-pinned layer; call <see cref="NodeToolchain.EnsureInstalledAsync"/> first.</summary>
public static class HelmCli
{
    public const string ReleaseName = "computeengine";

    public const string Namespace = "computeengine";

    public static Task<ProcessResult> LintAsync(IEnumerable<string> valueArguments, CancellationToken cancellationToken) =>
        RunAsync(["lint", RepoPaths.Chart, "--strict", "--namespace", Namespace, .. valueArguments], cancellationToken);

    public static async Task<string> TemplateAsync(IEnumerable<string> valueArguments, CancellationToken cancellationToken)
    {
        var result = await TryTemplateAsync(valueArguments, cancellationToken);
        Assert.True(result.ExitCode == 0, $"helm template failed\n{result}");
        return result.StandardOutput;
    }

    /// <summary>helm template, failing or not: lint only logs a failed <c>required</c> as [INFO], template fails on it.</summary>
    public static Task<ProcessResult> TryTemplateAsync(IEnumerable<string> valueArguments, CancellationToken cancellationToken) =>
        RunAsync(["template", ReleaseName, RepoPaths.Chart, "--namespace", Namespace, .. valueArguments], cancellationToken);

    /// <summary>The CI values (as azd would pass them) plus the given --set overrides.</summary>
    public static IReadOnlyList<string> CiValues(params string[] sets) =>
        ["--values", RepoPaths.ChartCiValues, .. sets.SelectMany(set => new[] { "--set", set })];

    private static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(NodeToolchain.HelmPath, arguments, RepoPaths.Root, cancellationToken);
}
