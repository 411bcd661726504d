using System.Net;
using System.Text;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// Workers write the algorithms they run into a catalogue as they start; a job naming one no worker offers
/// is a 400 at the door instead of a job that fails item by item.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class AlgorithmCatalogueTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_job_naming_an_algorithm_no_worker_offers_is_refused_and_one_a_worker_offers_runs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token, new Dictionary<string, string> { ["Worker__Processes__echo-cat__Command"] = "cat" });
        using var client = engine.Client();
        var id = $"typo-{Guid.NewGuid():N}";

        using var refused = await client.Http.PostAsync(
            $"/runtime/webhooks/durabletask/orchestrators/ComputeOrchestrator/{id}",
            new StringContent("""{"algorithm":"summ","inputs":[[1,2]]}""", Encoding.UTF8, "application/json"),
            timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(timeout.Token)).RootElement;
        Assert.Equal("Invalid algorithm", problem.GetProperty("title").GetString());
        Assert.Contains("'summ'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The catalogue is shared by every test on this Azurite: other tests' workers may have added algorithms.
        var offered = problem.GetProperty("detail").GetString()!.Split("the workers offer ")[1].TrimEnd('.').Split(", ");
        Assert.Subset(offered.ToHashSet(), new HashSet<string> { "echo-cat", "sleep", "sum" });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetStatusAsync(id, timeout.Token)).Status);

        string[] inputs = ["""{"a":1}""", "[2,3]", "\"four\""];
        var started = await client.StartAsync($$"""{"algorithm":"echo-cat","inputs":[{{string.Join(',', inputs)}}]}""", null, timeout.Token);
        var job = started.GetProperty("id").GetString()!;
        var status = await client.WaitForAsync(job, timeout.Token, "Completed", "Failed");
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, job, i => inputs[i], timeout.Token);
    }
}
