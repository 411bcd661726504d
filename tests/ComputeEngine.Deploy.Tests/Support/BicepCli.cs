using System.Reflection;

namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>
/// The bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, restored by the
/// PackageDownload item in the project file; its folder is stamped into the assembly at build time.
/// </summary>
public static class BicepCli
{
    public static string Path { get; } = Locate();

    public static Task<ProcessResult> RunAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRunner.RunAsync(Path, arguments, RepoPaths.Infra, cancellationToken);

    private static string Locate()
    {
        var directory = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepCliDirectory").Value
            ?? throw new InvalidOperationException("BicepCliDirectory metadata is missing");
        var path = System.IO.Path.Combine(directory, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("bicep was not restored; run `dotnet restore` for the deploy tests", path);
        }

        // NuGet extraction does not promise the executable bit on every machine.
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        return path;
    }
}
