using System.Text.Json;

namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class ListTests(EngineFixture engine)
{
    [Fact]
    public async Task List_filters_by_prefix_status_time_and_count_and_pages_through_every_job()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var prefix = EngineFixture.NewId("list");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var inputs = Path.GetTempFileName();
        await File.WriteAllTextAsync(inputs, """{"ms":1,"fail":true}""" + "\n", timeout.Token);
        foreach (var name in new[] { "a", "b", "c" })
        {
            var result = await engine.RunAsync(timeout.Token, "submit", "--count", "2", "--id", $"{prefix}-{name}", "--wait");
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        await engine.RunAsync(timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--id", $"{prefix}-failing", "--wait");

        var all = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--json");
        var paged = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--json", "--page-size", "1");
        var failed = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--status", "Failed,Terminated");
        var completed = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--status", "Completed", "--from", before.ToString("O"));
        var top = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--top", "2", "--json");
        var future = await engine.RunAsync(timeout.Token, "list", "--prefix", prefix, "--from", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var badStatus = await engine.RunAsync(timeout.Token, "list", "--status", "Done");
        File.Delete(inputs);

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(
            [$"{prefix}-a", $"{prefix}-b", $"{prefix}-c", $"{prefix}-failing"],
            Ids(all.Output).Order());
        Assert.Equal(Ids(all.Output).Order(), Ids(paged.Output).Order());
        Assert.Contains($"{prefix}-failing", failed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix}-a", failed.Output, StringComparison.Ordinal);
        Assert.Contains("1 job", failed.Output, StringComparison.Ordinal);
        Assert.Contains("3 jobs", completed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix}-failing", completed.Output, StringComparison.Ordinal);
        Assert.Equal(2, Ids(top.Output).Count);
        Assert.Equal("No jobs match.", future.Output.Trim());
        Assert.Equal(ExitCodes.RequestFailed, badStatus.ExitCode);
        Assert.Contains("Invalid runtimeStatus: 'Done' is not a runtime status", badStatus.Error, StringComparison.Ordinal);
    }

    private static List<string> Ids(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(j => j.GetProperty("instanceId").GetString()!)];
}
