using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>Stops and restarts storage itself, so it has an Azurite of its own that keeps its data on disk.</summary>
[Collection(StorageCollection.Name)]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("azurite-outage-").FullName;
    private AzuriteFixture _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = new AzuriteFixture { Location = _data };
        await _storage.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_job_rides_out_a_storage_restart_with_exact_counts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = new Engine(_storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var body = "{\"algorithm\":\"sleep\",\"batchSize\":5,\"inputs\":[" + string.Join(",", Enumerable.Range(0, 1500).Select(i => $"{{\"ms\":20,\"tag\":{i}}}")) + "]}";
        var id = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
        while (JobAssertions.Count((await client.GetStatusAsync(id, timeout.Token)).Body, "succeeded") < 100)
        {
            await Task.Delay(50, timeout.Token);
        }

        await _storage.StopGracefullyAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token);
        await _storage.StartAsync(timeout.Token);
        var done = await client.WaitForAsync(id, timeout.Token);

        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal(1500, JobAssertions.Count(done, "succeeded"));
        Assert.Equal(0, JobAssertions.Count(done, "failed"));
        Assert.Equal(1500, (await JobAssertions.ItemsAsync(_storage, id, timeout.Token)).Count);
        Assert.False(engine.Orchestrator!.HasExited);
        Assert.All(engine.Workers, w => Assert.False(w.HasExited));
        await JobAssertions.AssertOutputsMatchInputsAsync(_storage, client, id, i => JobAssertions.SleepOutput(20, i), timeout.Token);
    }
}
