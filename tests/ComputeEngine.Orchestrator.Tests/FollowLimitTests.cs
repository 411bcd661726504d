using System.Net;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// <c>results?follow=true</c> polls storage for as long as a job runs: a replica holds a bounded number of
/// such streams, and cuts one that outlives its limit so the client sees it incomplete, not ended.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FollowLimitTests(ApiFixture fixture)
{
    [Fact]
    public async Task Followers_beyond_the_limit_get_429_and_a_follow_past_its_time_is_cut_not_ended()
    {
        using var timeout = Api.Timeout();
        var http = fixture.Limited.Http();
        // No worker runs in these tests: the job stays Running and its stream would never end by itself.
        var id = await http.StartJobAsync("""{"inputCount":2}""", timeout.Token, Api.NewId("follow"));
        var results = $"/api/instances/{id}/results?follow=true";

        using var first = await http.GetAsync(results, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await http.GetReplyAsync(results, timeout.Token);
        second.IsProblem((HttpStatusCode)429, "MaxFollowers");
        Assert.NotNull(second.Headers.RetryAfter);

        var started = DateTimeOffset.UtcNow;
        var read = first.Content.ReadAsStringAsync(timeout.Token);
        await Assert.ThrowsAnyAsync<Exception>(() => read.WaitAsync(TimeSpan.FromSeconds(30), timeout.Token));
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.Zero, ApiFixture.MaxFollowDuration + TimeSpan.FromSeconds(5));
        Assert.False(timeout.IsCancellationRequested);

        // The cut stream gave its place back.
        using var third = await http.GetAsync(results, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        third.Dispose();
        await http.TerminateAsync(id, timeout.Token);
    }
}
