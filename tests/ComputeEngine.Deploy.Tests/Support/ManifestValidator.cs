namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>Runs tools/validate-manifests.mjs: kubernetes-models and @kubernetes-models/keda schemas.</summary>
public static class ManifestValidator
{
    public static async Task<ProcessResult> ValidateAsync(string manifests, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"computeengine-rendered-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, manifests, cancellationToken);
        try
        {
            return await ProcessRunner.RunAsync(
                "node", [NodeToolchain.ValidateScript, file], RepoPaths.DeployTools, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
