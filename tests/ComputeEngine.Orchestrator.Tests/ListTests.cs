using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class ListTests(ApiFixture fixture) : IAsyncLifetime
{
    private const int JobCount = 7;

    // One set of jobs for the whole class (xunit makes an instance per test); the fixture lives as long.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Prefix, List<string> Ids, List<string> Terminated, DateTimeOffset Before, DateTimeOffset After)? s_jobs;

    private readonly HttpClient _http = fixture.App.Http();
    private string _prefix = "";
    private List<string> _ids = [];
    private List<string> _terminated = [];
    private DateTimeOffset _before;
    private DateTimeOffset _after;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            s_jobs ??= await CreateJobsAsync();
            (_prefix, _ids, _terminated, _before, _after) = s_jobs.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(string, List<string>, List<string>, DateTimeOffset, DateTimeOffset)> CreateJobsAsync()
    {
        using var timeout = Api.Timeout();
        var prefix = Api.NewId("list") + "-";
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var ids = new List<string>();
        for (var i = 0; i < JobCount; i++)
        {
            ids.Add(await _http.StartJobAsync($$"""{"inputCount":{{i + 1}}}""", timeout.Token, $"{prefix}{i}"));
        }

        foreach (var id in ids.Take(2))
        {
            await _http.TerminateAsync(id, timeout.Token);
        }

        return (prefix, ids, ids.Take(2).ToList(), before, DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task List_by_prefix_is_a_json_array_with_a_continuation_header()
    {
        using var timeout = Api.Timeout();

        var reply = await _http.GetReplyAsync($"{Api.Instances}?instanceIdPrefix={_prefix}", timeout.Token);

        var list = reply.IsJson(HttpStatusCode.OK);
        Assert.Equal(_ids.Order(), list.EnumerateArray().Select(s => s.GetProperty("instanceId").GetString()!).Order());
        Assert.NotNull(reply.Header("x-ms-continuation-token"));
        Assert.All(list.EnumerateArray(), s => Assert.Equal("ComputeOrchestrator", s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Paging_with_top_and_the_continuation_token_returns_every_instance_once()
    {
        using var timeout = Api.Timeout();
        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var reply = await _http.CallAsync(HttpMethod.Get, $"{Api.Instances}?instanceIdPrefix={_prefix}&top=3", timeout.Token,
                configure: r => r.Headers.TryAddWithoutValidation("x-ms-continuation-token", token));
            var page = reply.IsJson(HttpStatusCode.OK).EnumerateArray().Select(s => s.GetProperty("instanceId").GetString()!).ToList();
            Assert.InRange(page.Count, 0, 3);
            seen.AddRange(page);
            token = reply.Header("x-ms-continuation-token");
            Assert.True(++pages <= JobCount + 1, "paging does not end");
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(_ids.Order(), seen.Order());
        Assert.True(pages >= 3, $"top=3 gave {pages} pages for {JobCount} instances");
    }

    [Theory]
    [InlineData("Terminated", "terminated")]
    [InlineData("Running,Pending", "running")]
    [InlineData("Running,Terminated", "all")]
    [InlineData("Completed,Failed", "none")]
    public async Task List_filters_by_a_comma_list_of_runtime_statuses(string filter, string expected)
    {
        using var timeout = Api.Timeout();
        foreach (var id in _ids.Except(_terminated))
        {
            await _http.WaitForStatusAsync(id, "Running", timeout.Token);
        }

        var list = (await _http.GetReplyAsync($"{Api.Instances}?instanceIdPrefix={_prefix}&runtimeStatus={filter}", timeout.Token)).IsJson(HttpStatusCode.OK);

        var want = expected switch
        {
            "terminated" => _terminated,
            "running" => _ids.Except(_terminated).ToList(),
            "all" => _ids,
            _ => [],
        };
        Assert.Equal(want.Order(), list.EnumerateArray().Select(s => s.GetProperty("instanceId").GetString()!).Order());
    }

    [Fact]
    public async Task List_filters_by_created_time()
    {
        using var timeout = Api.Timeout();

        var inside = await CountAsync($"createdTimeFrom={Time(_before)}&createdTimeTo={Time(_after)}", timeout.Token);
        var later = await CountAsync($"createdTimeFrom={Time(_after.AddMinutes(1))}", timeout.Token);
        var earlier = await CountAsync($"createdTimeTo={Time(_before.AddMinutes(-1))}", timeout.Token);

        Assert.Equal((JobCount, 0, 0), (inside, later, earlier));
    }

    [Fact]
    public async Task List_shows_inputs_only_when_asked()
    {
        using var timeout = Api.Timeout();

        var shown = (await _http.GetReplyAsync($"{Api.Instances}?instanceIdPrefix={_prefix}&showInput=true", timeout.Token)).IsJson(HttpStatusCode.OK);
        var hidden = (await _http.GetReplyAsync($"{Api.Instances}?instanceIdPrefix={_prefix}&showInput=false", timeout.Token)).IsJson(HttpStatusCode.OK);

        Assert.All(shown.EnumerateArray(), s => Assert.True(s.GetProperty("input").TryGetProperty("inputCount", out _), s.GetRawText()));
        Assert.All(hidden.EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("input").ValueKind));
        Assert.Equal(JobCount, shown.GetArrayLength());
    }

    private async Task<int> CountAsync(string query, CancellationToken cancellationToken) =>
        (await _http.GetReplyAsync($"{Api.Instances}?instanceIdPrefix={_prefix}&{query}", cancellationToken)).IsJson(HttpStatusCode.OK).GetArrayLength();

    private static string Time(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
}
