using System.Net;
using System.Text.Json;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// A Table property holds 32K characters, counted after JSON escapes non-ASCII text six-fold: history and
/// errors are bounded by what they take stored, so a job can always be managed and always finish.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoredFieldBoundsTests(ApiFixture fixture)
{
    private readonly HttpClient _http = fixture.App.Http();

    [Fact]
    public async Task A_job_suspended_and_resumed_many_times_with_long_non_ASCII_reasons_stays_manageable()
    {
        using var timeout = Api.Timeout(120);
        var id = await _http.StartJobAsync("""{"inputCount":5}""", timeout.Token, Api.NewId("history"));
        var reason = Uri.EscapeDataString(new string('é', 1024));

        for (var i = 0; i < 40; i++)
        {
            (await _http.PostReplyAsync($"{Api.Instances}/{id}/suspend?reason={reason}", timeout.Token)).Is(HttpStatusCode.Accepted);
            (await _http.PostReplyAsync($"{Api.Instances}/{id}/resume?reason={reason}", timeout.Token)).Is(HttpStatusCode.Accepted);
        }

        var status = (await _http.StatusAsync(id, timeout.Token, "?showHistory=true")).IsJson(HttpStatusCode.Accepted);
        var history = status.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal("ExecutionScheduled", history[0].GetProperty("EventType").GetString());
        Assert.Contains(history, e => e.GetProperty("EventType").GetString() == "HistoryTruncated");
        Assert.Equal("ExecutionResumed", history[^1].GetProperty("EventType").GetString());
        await _http.TerminateAsync(id, timeout.Token);
    }

    [Fact]
    public async Task Non_ASCII_inputs_that_fit_the_echo_limit_raw_but_not_escaped_start_and_are_summarised()
    {
        using var timeout = Api.Timeout();
        var input = '"' + new string('ß', 10_000) + '"';

        var id = await _http.StartJobAsync($$"""{"inputs":[{{input}}],"algorithm":"sum"}""", timeout.Token, Api.NewId("echo"));

        var status = (await _http.StatusAsync(id, timeout.Token, "?showInput=true")).IsJson(HttpStatusCode.Accepted);
        Assert.Equal(1, status.GetProperty("input").GetProperty("inputCount").GetInt32());
        await _http.TerminateAsync(id, timeout.Token);
    }

    [Fact]
    public async Task A_job_whose_items_fail_with_long_non_ASCII_errors_still_ends_Failed()
    {
        using var timeout = Api.Timeout(120);
        var id = await _http.StartJobAsync("""{"inputCount":10,"batchSize":1}""", timeout.Token, Api.NewId("errors"));
        await _http.WaitForFanOutAsync(id, timeout.Token);
        var completions = fixture.Storage.Clients.Queue(StorageNames.CompletionQueue);
        var error = new string('ü', 2048);

        for (var item = 0; item < 10; item++)
        {
            var completion = new CompletionMessage(id, item, 0, [], [new ItemFailure(item, error, 5)]);
            await completions.SendMessageAsync(JsonSerializer.Serialize(completion, ContractsJsonContext.Default.CompletionMessage), timeout.Token);
        }

        var done = await _http.WaitForStatusAsync(id, "Failed", timeout.Token);

        Assert.Equal(10, done.GetProperty("customStatus").GetProperty("failed").GetInt32());
        var errors = done.GetProperty("output").GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("üüü", e.GetProperty("error").GetString(), StringComparison.Ordinal));
    }
}
