using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Job headers in the Instances table, changed only under optimistic concurrency.</summary>
public sealed class InstanceStore(StorageClients storage, HeaderCache cache, ConcurrencyRetry retry, TimeProvider clock)
{
    public TableClient Table { get; } = storage.Table(Contracts.Storage.StorageNames.InstancesTable);

    public async Task<bool> TryCreateAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(header, cancellationToken);
            cache.Remember(header);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The header, or null for an unknown job or one being purged.</summary>
    public async Task<InstanceHeader?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        await GetIncludingPurgingAsync(instanceId, cancellationToken) is { PurgeStartedAt: null } header ? header : null;

    /// <summary>The header as stored, a purge's mark included: only the purge itself reads it so.</summary>
    public async Task<InstanceHeader?> GetIncludingPurgingAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<InstanceHeader>(instanceId, InstanceColumns.HeaderRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Marks the job as being purged if it is still as read; false when it changed meanwhile.</summary>
    public async Task<bool> TryMarkPurgingAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        header.PurgeStartedAt = clock.GetUtcNow();
        try
        {
            await Table.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken);
            cache.Forget(header.PartitionKey);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>
    /// The header for a status query: from <see cref="HeaderCache"/> when it holds a recent copy, else
    /// read (and cached). Callers must not change it; updates go through <see cref="UpdateAsync{T}"/>.
    /// </summary>
    public async Task<InstanceHeader?> GetForStatusAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (cache.Get(instanceId) is { } cached)
        {
            return cached;
        }

        var header = await GetAsync(instanceId, cancellationToken);
        if (header is not null)
        {
            cache.Remember(header);
        }

        return header;
    }

    /// <summary>Records a header written by a transaction outside this store (completions, rewinds).</summary>
    public void Written(InstanceHeader header) => cache.Remember(header);

    /// <summary>
    /// Reads the header, lets <paramref name="mutate"/> change it and writes it back if the header did not
    /// change meanwhile; otherwise reads and tries again. Returns null for an unknown instance.
    /// </summary>
    public Task<(InstanceHeader Header, T Result)?> UpdateAsync<T>(
        string instanceId, Func<InstanceHeader, Mutation<T>> mutate, CancellationToken cancellationToken) =>
        retry.RunAsync<(InstanceHeader Header, T Result)?>(async ct =>
        {
            var header = await GetAsync(instanceId, ct);
            if (header is null)
            {
                return null;
            }

            var mutation = mutate(header);
            if (!mutation.Changed)
            {
                return (header, mutation.Result);
            }

            header.LastUpdatedTime = clock.GetUtcNow();
            try
            {
                var response = await Table.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, ct);
                header.ETag = response.Headers.ETag ?? header.ETag;
                cache.Remember(header);
                return (header, mutation.Result);
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                throw new ConcurrencyConflictException($"Job {instanceId} was changed (or purged) between read and write.", e);
            }
        }, cancellationToken).AsTask();

    public async Task<(IReadOnlyList<InstanceHeader> Page, string? Continuation)> QueryAsync(
        InstanceQuery query, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var pages = Table.QueryAsync<InstanceHeader>(query.ToFilter(), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuation, pageSize);
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }

    public async Task DeletePartitionAsync(string instanceId, CancellationToken cancellationToken)
    {
        var rows = Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await TableBatches.DeleteAllAsync(Table, rows, cancellationToken);
        cache.Forget(instanceId);
    }
}

/// <summary>What a header mutation decided: whether to write, and what to tell the caller.</summary>
public readonly record struct Mutation<T>(bool Changed, T Result);

/// <summary>Creates <see cref="Mutation{T}"/> values.</summary>
public static class Mutation
{
    public static Mutation<T> Write<T>(T result) => new(true, result);

    public static Mutation<T> Skip<T>(T result) => new(false, result);
}
