using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

[Collection(DeployToolsCollection.Name)]
public sealed class HelmLintTests
{
    public static TheoryData<string, bool> Variants => new()
    {
        { "deployment", false },
        { "deployment", true },
        { "job", false },
        { "job", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Chart_lints_clean_in_strict_mode(string workerMode, bool eventGrid)
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await HelmCli.LintAsync(ChartVariants.Values(workerMode, eventGrid), timeout.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_lints_clean_with_its_default_values()
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await HelmCli.LintAsync([], timeout.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Chart_lints_clean_with_a_python_algorithm()
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await HelmCli.LintAsync(
            HelmCli.CiValues("worker.python.image=cr.example/worker:python", "worker.python.algorithms.seed.configMap=seed-algorithm"), timeout.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_python_algorithm_without_the_python_image_is_refused()
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await HelmCli.TryTemplateAsync(HelmCli.CiValues("worker.python.algorithms.seed.configMap=seed-algorithm"), timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("worker.python.image is required", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("worker.python.algorithms.Seed_Algorithm.configMap=seed")]
    [InlineData("worker.python.algorithms.seed.configmap=seed")]
    [InlineData("worker.mode=daemonset")]
    [InlineData("worker.scale.queueLengthStrategy=newest")]
    [InlineData("worker.scale.maxReplicaCount=0")]
    [InlineData("worker.scale.pollingIntervall=5")]
    public async Task Values_schema_rejects_a_bad_value(string set)
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await HelmCli.LintAsync(HelmCli.CiValues(set), timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("schema", result.Output, StringComparison.OrdinalIgnoreCase);
    }
}
