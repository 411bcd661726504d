using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>Every rendered document against the Kubernetes and KEDA schemas (kubernetes-models).</summary>
[Collection(DeployToolsCollection.Name)]
public sealed class ManifestSchemaTests
{
    public static TheoryData<string, bool> Variants => HelmLintTests.Variants;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Every_rendered_manifest_passes_the_Kubernetes_and_KEDA_schemas(string workerMode, bool eventGrid)
    {
        using var timeout = TestTimeouts.ForTool();
        var manifests = await HelmCli.TemplateAsync(ChartVariants.Values(workerMode, eventGrid), timeout.Token);

        var result = await ManifestValidator.ValidateAsync(manifests, timeout.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(" 0 invalid", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_validation_catches_a_KEDA_metadata_number()
    {
        using var timeout = TestTimeouts.ForTool();
        var manifests = await HelmCli.TemplateAsync(ChartVariants.Values("deployment", eventGrid: false), timeout.Token);
        var broken = manifests.Replace("queueLength: \"5\"", "queueLength: 5", StringComparison.Ordinal);
        Assert.NotEqual(manifests, broken);

        var result = await ManifestValidator.ValidateAsync(broken, timeout.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("queueLength must be string", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kind_without_a_schema_fails_rather_than_passing_unchecked()
    {
        using var timeout = TestTimeouts.ForTool();

        var result = await ManifestValidator.ValidateAsync(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: unknown\n", timeout.Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INVALID example.com/v1 Widget/unknown", result.StandardOutput, StringComparison.Ordinal);
    }
}
