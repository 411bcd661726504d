using System.Diagnostics;

namespace ComputeEngine.Testing;

/// <summary>Installs the repository's pinned npm tools once, even when test assemblies run in parallel.</summary>
public static class NodeTools
{
    public static string AzuriteBin => Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", "azurite");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(AzuriteBin))
        {
            return;
        }

        var lockPath = Path.Combine(RepositoryRoot.Path, ".npm-install.lock");
        using var fileLock = await AcquireAsync(lockPath, cancellationToken);
        if (File.Exists(AzuriteBin))
        {
            return;
        }

        var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("npm could not be started");
        var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.StandardOutput.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed ({npm.ExitCode}): {await stderr}");
        }
    }

    private static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
