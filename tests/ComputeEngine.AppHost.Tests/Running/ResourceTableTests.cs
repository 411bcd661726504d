using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Running;
using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost.Tests.Running;

public sealed class ResourceTableTests
{
    private static readonly ScaleSettings Scale = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 0, 4, 5, 0, "all");

    [Fact]
    public void The_table_ends_with_the_seed_curl_ready_to_paste()
    {
        var model = new AppModel(new AppHostOptions(), new RepoLayout(Path.GetTempPath()), new Dictionary<string, string>());

        var lines = ResourceTable.Render(model, [], Scale, apiKey: false).ToList();

        Assert.Contains("  curl -X POST \"http://localhost:7071/api/orchestrators/ComputeOrchestrator?inputCount=100\" -H \"Content-Length: 0\"", lines);
        Assert.Contains(lines, line => line.Contains("orchestrator", StringComparison.Ordinal) && line.Contains("http://localhost:7071/", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("http://localhost:7070/status", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("0 replicas", StringComparison.Ordinal));
    }

    [Fact]
    public void With_an_api_key_the_curl_carries_the_header_but_never_the_key()
    {
        var model = new AppModel(new AppHostOptions { ApiKey = "s3cret" }, new RepoLayout(Path.GetTempPath()), new Dictionary<string, string>());

        var lines = ResourceTable.Render(model, [], Scale, apiKey: true).ToList();

        Assert.Contains(lines, line => line.Contains("x-functions-key", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("s3cret", StringComparison.Ordinal));
    }
}
