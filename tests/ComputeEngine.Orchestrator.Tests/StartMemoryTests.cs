using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// The start path holds a maximal body about once: it is parsed where it lies and uploaded from there, so a
/// pod's memory limit bounds how many large starts can be in flight, not how large one may be.
/// </summary>
[Collection(StartMemoryCollection.Name)]
public sealed class StartMemoryTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const int Items = 1000;

    [Fact]
    public async Task A_maximal_inline_body_is_started_within_a_small_multiple_of_its_size()
    {
        using var timeout = Api.Timeout(180);
        var http = fixture.App.Http();
        var limit = new OrchestratorOptions().MaxRequestBytes;
        var body = MaximalBody(limit);

        // Warm the start path first so JIT and first-use allocations are not counted as the body's.
        await http.StartJobAsync("""{"inputs":[[1,2]]}""", timeout.Token, Api.NewId("warm"));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var id = Api.NewId("maximal");
        var reply = await http.CallAsync(HttpMethod.Post, $"{Api.StartRoute}/{id}", timeout.Token, new ByteArrayContent(body)
        {
            Headers = { ContentType = new("application/json") },
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"start of a {body.Length / (1024.0 * 1024):F1} MiB body ({Items} items): {allocated / (1024.0 * 1024):F1} MiB allocated ({(double)allocated / body.Length:F2}x the body)");

        reply.Is(HttpStatusCode.Accepted);
        Assert.InRange(allocated, 0, 3L * body.Length);
        var status = (await http.StatusAsync(id, timeout.Token, "?showInput=true")).Json;
        Assert.Equal(Items, status.GetProperty("input").GetProperty("inputCount").GetInt32());
        await http.TerminateAsync(id, timeout.Token);
        (await http.DeleteReplyAsync($"{Api.Instances}/{id}", timeout.Token)).Is(HttpStatusCode.OK);
    }

    /// <summary>An object body of <see cref="Items"/> string inputs that together just fit <paramref name="limit"/>.</summary>
    private static byte[] MaximalBody(long limit)
    {
        const string head = """{"algorithm":"sum","inputs":[""";
        const string tail = "]}";
        var perItem = (int)((limit - head.Length - tail.Length) / Items) - 3;
        var text = new StringBuilder((int)limit).Append(head);
        for (var i = 0; i < Items; i++)
        {
            text.Append(i == 0 ? "" : ",").Append('"').Append((char)('a' + (i % 26)), perItem).Append('"');
        }

        var bytes = Encoding.UTF8.GetBytes(text.Append(tail).ToString());
        Assert.InRange(bytes.Length, limit - (4 * Items), limit);
        return bytes;
    }
}

/// <summary>
/// Allocations are counted for the whole process: a test class of another collection running meanwhile
/// counted as the body's (5.11x in one CI run). This collection runs alone, on a host of its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StartMemoryCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "start-memory";
}
