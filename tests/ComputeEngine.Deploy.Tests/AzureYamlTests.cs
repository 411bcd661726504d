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

    // The keys azd's schema (Azure/azure-dev, schemas/v1.0/azure.yaml.json at commit
    // ae35809f496491989273d0edefdeb70f245f399b) allows where it forbids others (additionalProperties: false).
    // Services minus image, apiVersion and env, which its "AKS host" condition forbids.
    private static readonly HashSet<string> ServiceKeys = ["resourceGroup", "resourceName", "project", "host", "language", "module", "dist", "remoteBuild", "docker", "k8s", "config", "uses", "hooks"];
    private static readonly HashSet<string> DockerKeys = ["path", "context", "platform", "registry", "image", "tag", "buildArgs", "network", "remoteBuild"];
    private static readonly HashSet<string> K8sKeys = ["deploymentPath", "namespace", "deployment", "service", "ingress", "helm", "kustomize"];
    private static readonly HashSet<string> HookKeys = ["shell", "kind", "dir", "run", "continueOnError", "interactive", "windows", "posix", "secrets", "config"];

    // definitions.aksOptions.properties.helm.properties.releases.items: exactly these, name and chart required;
    // cli/azd/pkg/helm/config.go reads the same five and nothing else.
    private static readonly HashSet<string> ReleaseKeys = ["name", "chart", "version", "namespace", "values"];

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
    public void Every_service_installs_its_own_release_of_the_chart_with_only_the_keys_azd_reads()
    {
        foreach (var (name, service) in File.Services)
        {
            Assert.Subset(K8sKeys, service.RequiredMapping("k8s").Keys().ToHashSet());
            Assert.Equal(["releases"], service.At("k8s.helm").Keys());
            var release = Assert.Single(service.MappingsAt("k8s.helm.releases"));
            Assert.Subset(ReleaseKeys, release.Keys().ToHashSet());
            Assert.Equal($"{HelmCli.ReleaseName}-{name}", release.ScalarAt("name"));
            Assert.Equal(File.Namespace, release.ScalarAt("namespace"));
            // azd hands helm these paths verbatim; helm resolves them against azd's working directory, the root.
            Assert.Equal(Path.GetFullPath(RepoPaths.Chart), Path.GetFullPath(Path.Combine(RepoPaths.Root, release.RequiredScalar("chart"))));
            Assert.Equal(Path.Combine(RepoPaths.Infra, "helm", "generated", $"{name}.yaml"), Path.GetFullPath(Path.Combine(RepoPaths.Root, release.RequiredScalar("values"))));
        }
    }

    [Fact]
    public void Each_service_writes_its_values_in_a_predeploy_hook_that_azd_can_run()
    {
        foreach (var (name, service) in File.Services)
        {
            Assert.Equal(name == "worker" ? ["predeploy", "postdeploy"] : ["predeploy"], service.At("hooks").Keys());
            foreach (var hook in service.At("hooks").Keys().Select(key => service.RequiredMapping("hooks." + key)))
            {
                Assert.Subset(HookKeys, hook.Keys().ToHashSet());
                Assert.Equal("sh", hook.ScalarAt("shell"));
            }

            Assert.Equal($"sh ../infra/hooks/helm-values.sh {name}", service.ScalarAt("hooks.predeploy.run"));
        }

        Assert.True(System.IO.File.Exists(Path.Combine(RepoPaths.Infra, "hooks", "helm-values.sh")));
    }

    [Fact]
    public void Services_use_only_other_services() =>
        Assert.All(File.Services.Keys, name => Assert.Subset(File.Services.Keys.ToHashSet(), File.Uses(name).ToHashSet()));

    internal static string ProjectName(string service) => $"ComputeEngine.{char.ToUpperInvariant(service[0])}{service[1..]}";

}
