namespace ComputeEngine.AppHost.Tests.Publishing;

/// <summary>A local run registers an algorithm process by giving the AppHost the worker's settings (README, Algorithms).</summary>
public sealed class WorkerSettingsTests
{
    [Fact]
    public async Task The_AppHost_passes_its_Worker_settings_on_to_the_workers_and_no_one_else()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var manifest = await ManifestMatchesChartTests.PublishManifestAsync(
            timeout.Token,
            "--Worker:Processes:seed:Command=python3",
            "--Worker:Processes:seed:Mode=Persistent",
            "--Worker:Processes:seed:Arguments:0={WorkerDirectory}/runners/python/computeengine_runner.py",
            "--Worker:Processes:seed:Arguments:1=--module");

        var resources = manifest.GetProperty("resources");
        var worker = resources.GetProperty("worker").GetProperty("env");
        Assert.Equal("python3", worker.GetProperty("Worker__Processes__seed__Command").GetString());
        Assert.Equal("Persistent", worker.GetProperty("Worker__Processes__seed__Mode").GetString());
        Assert.Equal("{WorkerDirectory}/runners/python/computeengine_runner.py", worker.GetProperty("Worker__Processes__seed__Arguments__0").GetString());
        Assert.Equal("--module", worker.GetProperty("Worker__Processes__seed__Arguments__1").GetString());
        Assert.False(resources.GetProperty("orchestrator").GetProperty("env").TryGetProperty("Worker__Processes__seed__Command", out _));
    }
}
