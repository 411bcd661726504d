using System.Text.RegularExpressions;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>Docker cannot run here, so the Dockerfiles are checked as text.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Services => [.. AzureYaml.Load().Services.Keys];

    [Theory]
    [MemberData(nameof(Services))]
    public void Builds_with_the_NET_10_SDK_and_runs_on_the_NET_10_ASP_NET_runtime(string service)
    {
        var images = FromPattern().Matches(Dockerfile(service)).Select(m => m.Groups["image"].Value).ToList();

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", images[0]);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0(-[a-z0-9-]+)?$", images[^1]);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Final_stage_runs_as_a_non_root_user_on_port_8080(string service)
    {
        var finalStage = Dockerfile(service).Split("\nFROM ")[^1];

        var user = Assert.Single(UserPattern().Matches(finalStage)).Groups["user"].Value;
        Assert.True(user == "$APP_UID" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} may be root");
        Assert.Matches(@"(?m)^EXPOSE 8080$", finalStage);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Publishes_and_starts_the_services_own_project(string service)
    {
        var project = AzureYamlTests.ProjectName(service);
        var text = Dockerfile(service);

        Assert.Contains($"dotnet publish {project}/{project}.csproj", text, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", text, StringComparison.Ordinal);
        Assert.True(
            service == "dashboard" || File.Exists(Path.Combine(RepoPaths.Root, project, $"{project}.csproj")),
            $"{project}.csproj is missing");
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_tools()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"));

        Assert.Subset(ignored.ToHashSet(), new HashSet<string> { "**/bin/", "**/obj/", "**/node_modules/", ".git/", "tests/" });
    }

    private static string Dockerfile(string service) =>
        File.ReadAllText(Path.Combine(RepoPaths.Infra, "docker", $"{service}.Dockerfile"));

    [GeneratedRegex(@"(?m)^FROM (?<image>\S+)")]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"(?m)^USER (?<user>\S+)\s*$")]
    private static partial Regex UserPattern();
}
