using System.Net;
using System.Text;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture) : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? s_job;

    private readonly HttpClient _http = fixture.App.Http();
    private string _job = "";

    public static TheoryData<string> Catalogue => BadRequests.Names();

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            using var timeout = Api.Timeout();
            s_job ??= await _http.StartJobAsync("""{"inputs":[[1,1],[2,2]]}""", timeout.Token, Api.NewId("catalogue"));
            _job = s_job;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_catalogue_holds_at_least_40_distinct_cases()
    {
        Assert.True(BadRequests.All.Count >= 40, $"{BadRequests.All.Count} cases");
        Assert.Equal(BadRequests.All.Count, BadRequests.All.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Catalogue))]
    public async Task Bad_request_is_rejected_with_a_problem_naming_it(string name)
    {
        using var timeout = Api.Timeout();
        var request = BadRequests.All.Single(r => r.Name == name);

        var reply = await SendAsync(request, _job, timeout.Token);

        if (request.RefusedByKestrel)
        {
            Assert.True(request.Expected.Contains(reply.Code), reply.Describe);
            return;
        }

        reply.IsProblem(request.Expected, request.Mentions);
    }

    [Fact]
    public async Task After_the_whole_catalogue_the_service_still_serves_and_an_earlier_job_is_intact()
    {
        using var timeout = Api.Timeout(180);
        var id = await _http.StartJobAsync("""{"inputs":[[1,1],[2,2],[3,3]],"algorithm":"sum"}""", timeout.Token, Api.NewId("intact"));
        await _http.WaitForFanOutAsync(id, timeout.Token);
        var before = await SnapshotAsync(id, timeout.Token);

        var failures = new List<string>();
        foreach (var request in BadRequests.All)
        {
            var reply = await SendAsync(request, id, timeout.Token);
            if (reply.Code >= 500 || !request.Expected.Contains(reply.Code))
            {
                failures.Add($"{request.Name}: {reply.Describe}");
            }
        }

        Assert.Equal(before, await SnapshotAsync(id, timeout.Token));
        var fresh = await _http.StartJobAsync("""{"inputCount":2}""", timeout.Token);
        Assert.Equal(2, (await _http.WaitForFanOutAsync(fresh, timeout.Token)).GetProperty("customStatus").GetProperty("total").GetInt32());
        (await _http.GetReplyAsync($"{Api.Instances}?top=1", timeout.Token)).IsJson(HttpStatusCode.OK);
        (await _http.GetReplyAsync("/health", timeout.Token)).Is(HttpStatusCode.OK);
        Assert.True(failures.Count == 0, "Wrong answers:\n" + string.Join("\n", failures));
    }

    private async Task<string> SnapshotAsync(string id, CancellationToken cancellationToken)
    {
        var status = (await _http.StatusAsync(id, cancellationToken, "?showHistory=true")).IsJson(HttpStatusCode.Accepted);
        return string.Join("\n",
            status.GetProperty("runtimeStatus").GetString(),
            status.GetProperty("input").GetRawText(),
            status.GetProperty("customStatus").GetRawText(),
            status.GetProperty("createdTime").GetString(),
            status.GetProperty("lastUpdatedTime").GetString(),
            status.GetProperty("historyEvents").GetRawText());
    }

    private Task<Reply> SendAsync(BadRequest request, string job, CancellationToken cancellationToken)
    {
        var http = request.Limited ? fixture.Limited.Http() : _http;
        HttpContent? content = request.Body switch
        {
            null => null,
            "" => Api.Empty(),
            _ when request.Chunked => new ChunkedContent(request.Body, request.ContentType),
            _ => new StringContent(request.Body, Encoding.UTF8, request.ContentType ?? "application/json"),
        };
        return http.CallAsync(new HttpMethod(request.Method), request.Path.Replace("{job}", job, StringComparison.Ordinal), cancellationToken, content, r =>
        {
            if (request.ContinuationToken is not null)
            {
                r.Headers.TryAddWithoutValidation("x-ms-continuation-token", request.ContinuationToken);
            }
        });
    }

    /// <summary>A body sent with <c>Transfer-Encoding: chunked</c>: no Content-Length to check up front.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string body, string? contentType)
        {
            _bytes = Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType ?? "application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
