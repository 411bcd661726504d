using System.Text;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.Orchestrator.Items;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// All outputs of a job as JSON lines, in item order. With <c>follow=true</c> it starts while the job
/// runs, emitting each batch once all its items are final, and ends when the job ends.
/// </summary>
public static class ResultsEndpoint
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(250);

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        string instanceId,
        string? follow,
        HttpResponse response,
        InstanceStore store,
        ItemReader reader,
        Followers followers,
        IOptions<OrchestratorOptions> options,
        ILogger<Followers> logger,
        CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        if (!QueryFlags.TryParse(follow, out var following))
        {
            return Problems.BadRequest("follow", "follow must be true or false.");
        }

        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return Problems.NotFound(instanceId);
        }

        using var place = following ? followers.TryEnter() : null;
        if (following && place is null)
        {
            return Followers.Full(response, options.Value);
        }

        response.ContentType = "application/x-ndjson";
        var writer = new ResultWriter(response.Body, reader);
        if (following)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(followers.MaxDuration);
            try
            {
                await FollowAsync(header, store, reader, writer, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Aborted, not completed: a clean end would tell the client it has every result.
                Log.FollowCut(logger, instanceId, followers.MaxDuration);
                response.HttpContext.Abort();
            }
        }
        else
        {
            await foreach (var row in reader.SucceededAsync(instanceId, cancellationToken))
            {
                await writer.WriteAsync(row, cancellationToken);
            }
        }

        return TypedResults.Empty;
    }

    private static async Task FollowAsync(InstanceHeader header, InstanceStore store, ItemReader reader, ResultWriter writer, CancellationToken cancellationToken)
    {
        var batch = 0;
        while (true)
        {
            var jobOver = header.IsFinal;
            var knownBatches = header.FanOutComplete
                ? (header.Total + header.BatchSize - 1) / Math.Max(1, header.BatchSize)
                : header.DispatchedBatches;
            if (batch >= knownBatches && (header.FanOutComplete || jobOver))
            {
                return;
            }

            if (batch < knownBatches)
            {
                var rows = await reader.BatchAsync(header.PartitionKey, batch, cancellationToken);
                // A batch no worker has claimed yet has no rows: done means every item has a final row.
                if (jobOver || (rows.Count == ItemReader.BatchItems(header, batch) && rows.All(r => ItemStatus.IsFinal(r.Status))))
                {
                    foreach (var row in rows.Where(r => r.Status == ItemStatus.Succeeded).OrderBy(r => r.Index))
                    {
                        await writer.WriteAsync(row, cancellationToken);
                    }

                    batch++;
                    continue;
                }
            }

            await writer.FlushAsync(cancellationToken);
            await Task.Delay(FollowPoll, cancellationToken);
            header = await store.GetAsync(header.PartitionKey, cancellationToken) ?? header;
        }
    }

    /// <summary>Writes result lines, reading each output blob once for all the rows that point into it.</summary>
    private sealed class ResultWriter(Stream body, ItemReader reader)
    {
        private string? _blobName;
        private byte[] _blob = [];

        public async Task WriteAsync(ItemRecord row, CancellationToken cancellationToken)
        {
            if (row.OutputBlob is null)
            {
                return;
            }

            if (row.OutputBlob != _blobName)
            {
                _blob = await reader.ReadBlobAsync(row.OutputBlob, cancellationToken);
                _blobName = row.OutputBlob;
            }

            await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"itemId\":{row.Index},\"output\":"), cancellationToken);
            await body.WriteAsync(_blob.AsMemory((int)row.OutputOffset!.Value, (int)row.OutputLength!.Value), cancellationToken);
            await body.WriteAsync("}\n"u8.ToArray(), cancellationToken);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => body.FlushAsync(cancellationToken);
    }
}
