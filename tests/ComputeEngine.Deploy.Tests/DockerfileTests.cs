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

    [Fact]
    public void The_worker_s_python_target_adds_python3_beside_the_NET_runtime_and_the_default_stays_chiseled()
    {
        var stages = Dockerfile("worker").Split("\nFROM ");
        var python = Assert.Single(stages, s => s.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0-noble AS python", StringComparison.Ordinal));

        Assert.Contains("apt-get install -y --no-install-recommends python3", python, StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /app .", python, StringComparison.Ordinal);
        Assert.Equal("$APP_UID", Assert.Single(UserPattern().Matches(python)).Groups["user"].Value);
        Assert.Matches(@"(?m)^EXPOSE 8080$", python);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"ComputeEngine.Worker.dll\"]", python, StringComparison.Ordinal);
        // Without --target the last stage is built: azd's default image keeps no shell and no Python.
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final", stages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_python_runner_is_published_with_the_worker()
    {
        var project = File.ReadAllText(Path.Combine(RepoPaths.Root, "ComputeEngine.Worker", "ComputeEngine.Worker.csproj"));

        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "ComputeEngine.Worker", "runners", "python", "computeengine_runner.py")));
        Assert.Contains("""<None Include="runners\**\*" CopyToOutputDirectory="PreserveNewest" CopyToPublishDirectory="PreserveNewest" />""", project, StringComparison.Ordinal);
    }

    private static string Dockerfile(string service) =>
        File.ReadAllText(Path.Combine(RepoPaths.Infra, "docker", $"{service}.Dockerfile"));

    [GeneratedRegex(@"(?m)^FROM (?<image>\S+)")]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"(?m)^USER (?<user>\S+)\s*$")]
    private static partial Regex UserPattern();
}
