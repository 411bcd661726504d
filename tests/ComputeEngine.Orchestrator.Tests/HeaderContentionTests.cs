using ComputeEngine.Contracts.Api;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// One job's header is written by many parties at once (each replica's fan-in, the dispatcher's watermark,
/// API requests): every read-decide-write must land exactly once, however many collide. Retried back to
/// back, the same writers collide again at once and the last ones ran out of attempts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HeaderContentionTests(ApiFixture fixture)
{
    private const int Writers = 64;

    [Fact]
    public async Task Many_writers_of_one_header_at_once_all_land_exactly_once()
    {
        using var timeout = Api.Timeout();
        var store = fixture.App.Services.GetRequiredService<InstanceStore>();
        var id = Api.NewId("contention");
        // A finished job, so no background service of the orchestrator touches it meanwhile.
        await store.Table.AddEntityAsync(new InstanceHeader { PartitionKey = id, Name = "contention", RuntimeStatus = RuntimeStatus.Completed }, timeout.Token);

        var writes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => store.UpdateAsync(id, h =>
        {
            h.Succeeded++;
            return Mutation.Write(true);
        }, timeout.Token), timeout.Token)));

        Assert.All(writes, w => Assert.True(w?.Result));
        Assert.Equal(Writers, (await store.GetAsync(id, timeout.Token))!.Succeeded);
    }
}
