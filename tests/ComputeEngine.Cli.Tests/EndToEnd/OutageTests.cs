using ComputeEngine.Testing;

namespace ComputeEngine.Cli.Tests.EndToEnd;

[Collection(EngineCollection.Name)]
public sealed class OutageTests(EngineFixture shared)
{
    [Fact]
    public async Task Watch_rides_out_an_orchestrator_restart_and_still_reports_the_end()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(shared.Storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        var environment = new Dictionary<string, string> { ["COMPUTEENGINE_URL"] = $"http://127.0.0.1:{engine.OrchestratorPort}" };
        var id = EngineFixture.NewId("outage");
        var inputs = Path.GetTempFileName();
        await File.WriteAllLinesAsync(inputs, Enumerable.Repeat("""{"ms":200}""", 40), timeout.Token);
        var submit = await CliRun.RunAsync(environment, timeout.Token, "submit", "--inputs", inputs, "--algorithm", "sleep", "--batch-size", "2", "--id", id);
        File.Delete(inputs);

        var watch = CliRun.RunAsync(environment, timeout.Token, "watch", id);
        engine.Orchestrator!.Kill();
        await engine.Orchestrator.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await engine.StartOrchestratorAsync(timeout.Token);
        var result = await watch;

        Assert.Equal(0, submit.ExitCode);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Job {id} Completed: 40 of 40 items succeeded", result.Output, StringComparison.Ordinal);
    }
}
