namespace ComputeEngine.AppHost.Model;

internal sealed record RepoLayout(string Root)
{
    public const string TargetFramework = "net10.0";

    public string AzuriteBin => Path.Combine(Root, "node_modules", ".bin", "azurite");

    public string AzuriteData => Path.Combine(Root, ".azurite");

    public string DefaultValuesFile => Path.Combine(Root, "infra", "helm", "computeengine", "values.yaml");

    public static RepoLayout Find(string? root)
    {
        if (root is not null)
        {
            return IsRoot(root) ? new(Path.GetFullPath(root)) : throw new AppHostException($"{root} is not the ComputeEngine repository root");
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (IsRoot(dir.FullName))
                {
                    return new(dir.FullName);
                }
            }
        }

        throw new AppHostException("The ComputeEngine repository root was not found above the current directory; pass --root PATH");
    }

    public string ProjectDirectory(string project) => Path.Combine(Root, project);

    public string ProjectFile(string project) => Path.Combine(Root, project, project + ".csproj");

    public bool HasProject(string project) => File.Exists(ProjectFile(project));

    public string Assembly(string project, string configuration) =>
        Path.Combine(Root, project, "bin", configuration, TargetFramework, project + ".dll");

    private static bool IsRoot(string dir) =>
        File.Exists(Path.Combine(dir, "ComputeEngine.sln")) || File.Exists(Path.Combine(dir, "ComputeEngine.slnx"));
}
