using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>
/// azure.yaml against the rules of azd's schema (schemas/v1.0/azure.yaml.json) for AKS services:
/// keys it allows, required ones, and paths that must resolve.
/// </summary>
public sealed class AzureYamlTests
{
    private static readonly AzureYaml File = AzureYaml.Load();

    // The keys azd's schema allows where it forbids others (additionalProperties: false), minus those
    // it forbids for host: aks. overrides is read by azd's helm support though not in its schema yet.
    private static readonly HashSet<string> ServiceKeys = ["project", "language", "host", "docker", "k8s", "resourceName", "resourceGroup", "hooks", "uses", "config", "module", "dist"];
    private static readonly HashSet<string> DockerKeys = ["path", "context", "platform", "registry", "image", "tag", "buildArgs", "network", "remoteBuild"];
    private static readonly HashSet<string> K8sKeys = ["deploymentPath", "namespace", "deployment", "service", "ingress", "helm", "kustomize"];
    private static readonly HashSet<string> ReleaseKeys = ["name", "chart", "version", "namespace", "values", "overrides"];

    [Fact]
    public void Name_follows_azds_naming_rule() =>
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", File.Root.RequiredScalar("name"));

    [Fact]
    public void Infra_is_the_bicep_entry_point()
    {
        Assert.Equal("bicep", File.Root.ScalarAt("infra.provider"));
        Assert.True(System.IO.File.Exists(Path.Combine(RepoPaths.Root, File.Root.RequiredScalar("infra.path"), File.Root.RequiredScalar("infra.module") + ".bicep")));
    }

    [Fact]
    public void Services_are_the_three_dotnet_projects_on_AKS()
    {
        Assert.Equal(["dashboard", "orchestrator", "worker"], File.Services.Keys.Order());
        foreach (var (name, service) in File.Services)
        {
            Assert.Subset(ServiceKeys, service.Keys().ToHashSet());
            Assert.Equal("aks", service.ScalarAt("host"));
            Assert.Equal("dotnet", service.ScalarAt("language"));
            var project = ProjectName(name);
            Assert.Equal($"./{project}", service.ScalarAt("project"));
            // The dashboard is being written in parallel; its folder may not exist yet.
            Assert.True(name == "dashboard" || Directory.Exists(Path.Combine(RepoPaths.Root, project)), $"{project} is missing");
        }
    }

    [Fact]
    public void Docker_builds_each_project_from_the_repository_root()
    {
        foreach (var (name, service) in File.Services)
        {
            var docker = service.RequiredMapping("docker");
            Assert.Subset(DockerKeys, docker.Keys().ToHashSet());
            // azd resolves both paths against the service's project folder.
            var projectDirectory = Path.Combine(RepoPaths.Root, ProjectName(name));
            var dockerfile = Path.GetFullPath(Path.Combine(projectDirectory, docker.RequiredScalar("path")));
            var context = Path.GetFullPath(Path.Combine(projectDirectory, docker.RequiredScalar("context")));
            Assert.Equal(Path.Combine(RepoPaths.Infra, "docker", $"{name}.Dockerfile"), dockerfile);
            Assert.True(System.IO.File.Exists(dockerfile), dockerfile);
            Assert.Equal(RepoPaths.Root.TrimEnd('/'), context.TrimEnd('/'));
        }
    }

    [Fact]
    public void Every_service_installs_the_same_release_of_the_chart()
    {
        foreach (var service in File.Services.Values)
        {
            Assert.Subset(K8sKeys, service.RequiredMapping("k8s").Keys().ToHashSet());
            Assert.Equal(["releases"], service.At("k8s.helm").Keys());
        }

        var release = File.Release;
        Assert.Subset(ReleaseKeys, release.Keys().ToHashSet());
        Assert.Equal(HelmCli.ReleaseName, release.ScalarAt("name"));
        Assert.Equal(File.Namespace, release.ScalarAt("namespace"));
        Assert.Equal(Path.GetFullPath(RepoPaths.Chart), Path.GetFullPath(Path.Combine(RepoPaths.Root, release.RequiredScalar("chart"))));
    }

    [Fact]
    public void Overrides_name_values_the_chart_has()
    {
        var values = YamlNodes.LoadMapping(RepoPaths.ChartValues);

        Assert.NotEmpty(File.Overrides);
        Assert.All(File.Overrides.Keys, key => Assert.True(values.At(key) is not null, $"values.yaml has no {key}"));
    }

    internal static string ProjectName(string service) => $"ComputeEngine.{char.ToUpperInvariant(service[0])}{service[1..]}";

}
