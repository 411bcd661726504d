using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

[Collection(StorageCollection.Name)]
public sealed class LoadTests(AzuriteFixture storage)
{
    private const int Submitters = 50;
    private const int JobsPerSubmitter = 2;
    private const int StatusRequestsPerSecond = 200;

    [Fact]
    public async Task Fifty_concurrent_submitters_and_200_status_requests_a_second_see_no_error_and_every_job_completes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var engine = new Engine(storage);
        await engine.StartOrchestratorAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        await engine.StartWorkerAsync(timeout.Token);
        using var client = engine.Client();
        var ids = new ConcurrentBag<string>();
        var firstSums = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentBag<string>();
        var statusCalls = 0;
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var polling = Task.Run(async () =>
        {
            var interval = TimeSpan.FromSeconds(1.0 / StatusRequestsPerSecond);
            var clock = Stopwatch.StartNew();
            while (!stopPolling.IsCancellationRequested)
            {
                // Bounded: one request per tick, at most as many ticks as the test lasts.
                if (!ids.IsEmpty)
                {
                    var (code, _) = await client.GetStatusAsync(ids.ElementAt(Random.Shared.Next(ids.Count)), timeout.Token);
                    Interlocked.Increment(ref statusCalls);
                    if (code is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
                    {
                        errors.Add($"status {(int)code}");
                    }
                }

                var next = interval * (statusCalls + 1) - clock.Elapsed;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, CancellationToken.None);
                }
            }
        }, CancellationToken.None);

        await Parallel.ForEachAsync(Enumerable.Range(0, Submitters), new ParallelOptions { MaxDegreeOfParallelism = Submitters, CancellationToken = timeout.Token }, async (submitter, ct) =>
        {
            for (var job = 0; job < JobsPerSubmitter; job++)
            {
                try
                {
                    var started = await client.StartAsync($"{{\"inputs\":[[{submitter},{job}],[1,2],[3,4]]}}", null, ct);
                    var id = started.GetProperty("id").GetString()!;
                    firstSums[id] = submitter + job;
                    ids.Add(id);
                }
                catch (HttpRequestException e)
                {
                    errors.Add(e.Message);
                }
            }
        });

        foreach (var id in ids)
        {
            var done = await client.WaitForAsync(id, timeout.Token);
            if (done.GetProperty("runtimeStatus").GetString() != "Completed" || JobAssertions.Count(done, "succeeded") != 3)
            {
                errors.Add($"{id} ended {done.GetProperty("runtimeStatus")}");
            }
        }

        // However fast the jobs were, the API is only load-tested once it has answered at least a second's worth of status requests.
        while (Volatile.Read(ref statusCalls) <= StatusRequestsPerSecond && !polling.IsCompleted)
        {
            await Task.Delay(50, timeout.Token);
        }

        await stopPolling.CancelAsync();
        await polling;
        foreach (var id in ids)
        {
            var expected = new[] { firstSums[id], 3, 7 };
            await JobAssertions.AssertOutputsMatchInputsAsync(storage, client, id, i => expected[i].ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.Token);
        }

        Assert.Empty(errors);
        Assert.Equal(Submitters * JobsPerSubmitter, ids.Count);
        Assert.True(statusCalls > StatusRequestsPerSecond, $"only {statusCalls} status requests were made");
        Secrets.AssertNoneLogged(engine);
    }
}
