namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>Paths in the repository, found from the test binaries upwards.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string Chart => Path.Combine(Infra, "helm", "computeengine");

    public static string ChartValues => Path.Combine(Chart, "values.yaml");

    public static string ChartCiValues => Path.Combine(Chart, "ci", "test-values.yaml");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    public static string DeployTools => Path.Combine(Root, "tests", "ComputeEngine.Deploy.Tests", "tools");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props"))
                && Directory.Exists(Path.Combine(directory.FullName, "infra")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}
