using System.Globalization;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;
using ComputeEngine.Orchestrator.Items;
using ComputeEngine.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>Every item's status and output, one at a time or a page at a time.</summary>
public static class ItemsEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    // Marks a continuation token that holds an item index rather than a Table continuation.
    private const char IndexTokenPrefix = '#';

    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder routes)
    {
        var items = routes.MapGroup("").WithTags("Items");
        items.MapGet(ApiRoutes.Items, ListAsync);
        items.MapGet(ApiRoutes.Item, GetAsync);
        items.MapGet(ApiRoutes.ItemOutput, OutputAsync);
        items.MapGet(ApiRoutes.Results, ResultsEndpoint.StreamAsync);
        return routes;
    }

    private static async Task<Results<Ok<ItemPage>, ProblemHttpResult>> ListAsync(
        string instanceId, string? status, string? top, string? continuationToken,
        HttpRequest request, InstanceStore store, ItemReader reader, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return Problems.InvalidInstanceId(instanceId);
        }

        string? statusFilter = null;
        if (status is not null && (statusFilter = ItemStatus.All.FirstOrDefault(s => string.Equals(s, status, StringComparison.OrdinalIgnoreCase))) is null)
        {
            return Problems.BadRequest("status", $"status must be one of {string.Join(", ", ItemStatus.All)}.");
        }

        var pageSize = DefaultPageSize;
        if (top is not null && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest("top", $"top must be a whole number from 1 to {MaxPageSize}.");
        }

        var token = continuationToken ?? request.Headers[ApiHeaders.ContinuationToken].FirstOrDefault();
        if (!ContinuationTokens.TryDecode(instanceId, token, out var continuation))
        {
            return Problems.BadRequest("continuationToken", "The continuation token is not one this API returned.");
        }

        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return Problems.NotFound(instanceId);
        }

        var page = statusFilter is null or ItemStatus.Pending
            ? await IndexPageAsync(header, statusFilter is not null, pageSize, continuation, reader, cancellationToken)
            : await RowPageAsync(instanceId, statusFilter, pageSize, continuation, reader, cancellationToken);
        if (page is null)
        {
            return Problems.BadRequest("continuationToken", "The continuation token is not one this API returned.");
        }

        request.HttpContext.Response.Headers[ApiHeaders.ContinuationToken] = page.ContinuationToken;
        return TypedResults.Ok(page with { Priority = header.Priority, MaxParallelism = header.MaxParallelism });
    }

    // Pending items include those no worker has claimed yet, which have no row: walk the job's indexes.
    private static async Task<ItemPage?> IndexPageAsync(
        InstanceHeader header, bool pendingOnly, int top, string? continuation, ItemReader reader, CancellationToken cancellationToken)
    {
        var start = 0;
        if (continuation is not null
            && !(continuation.StartsWith(IndexTokenPrefix) && int.TryParse(continuation.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out start)))
        {
            return null;
        }

        var (rows, next) = await reader.IndexPageAsync(header, pendingOnly, top, start, cancellationToken);
        var token = next is { } index ? IndexTokenPrefix + index.ToString(CultureInfo.InvariantCulture) : null;
        return new ItemPage([.. rows.Select(r => ItemMapper.ToView(r, header.PartitionKey))], ContinuationTokens.Encode(header.PartitionKey, token));
    }

    // Running, succeeded and failed items all have rows: let the Table service filter them.
    private static async Task<ItemPage?> RowPageAsync(
        string instanceId, string status, int top, string? continuation, ItemReader reader, CancellationToken cancellationToken)
    {
        if (continuation?.StartsWith(IndexTokenPrefix) == true)
        {
            return null;
        }

        try
        {
            var (rows, next) = await reader.PageAsync(instanceId, status, top, continuation, cancellationToken);
            return new ItemPage([.. rows.Select(r => ItemMapper.ToView(r, instanceId))], ContinuationTokens.Encode(instanceId, next));
        }
        catch (Exception e) when (e is Azure.RequestFailedException { Status: 400 } or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static async Task<Results<Ok<ItemView>, ProblemHttpResult>> GetAsync(
        string instanceId, string itemId, InstanceStore store, ItemReader reader, CancellationToken cancellationToken)
    {
        var (header, row, problem) = await FindAsync(instanceId, itemId, store, reader, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var input = await reader.ReadInputAsync(header!, row!, cancellationToken);
        return TypedResults.Ok(ItemMapper.ToView(row!, instanceId, input, withAttempts: true));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> OutputAsync(
        string instanceId, string itemId, InstanceStore store, ItemReader reader, CancellationToken cancellationToken)
    {
        var (_, row, problem) = await FindAsync(instanceId, itemId, store, reader, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (row!.Status != ItemStatus.Succeeded || row.OutputBlob is null)
        {
            return TypedResults.Problem(
                $"Item {row.Index} is {row.Status}; its output is not written.", statusCode: StatusCodes.Status409Conflict, title: "Output not written");
        }

        var output = await reader.ReadOutputAsync(row, cancellationToken);
        return TypedResults.File(output.ToArray(), "application/json");
    }

    private static async Task<(InstanceHeader? Header, ItemRecord? Row, ProblemHttpResult? Problem)> FindAsync(
        string instanceId, string itemId, InstanceStore store, ItemReader reader, CancellationToken cancellationToken)
    {
        if (!InstanceIds.IsValid(instanceId))
        {
            return (null, null, Problems.InvalidInstanceId(instanceId));
        }

        if (!int.TryParse(itemId, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return (null, null, Problems.BadRequest("itemId", "itemId must be a whole number: the item's index in the job."));
        }

        var header = await store.GetAsync(instanceId, cancellationToken);
        if (header is null)
        {
            return (null, null, Problems.NotFound(instanceId));
        }

        var row = await reader.GetAsync(header, index, cancellationToken);
        return row is null
            ? (header, null, TypedResults.Problem($"Job '{instanceId}' has no item {index}.", statusCode: StatusCodes.Status404NotFound, title: "Item not found"))
            : (header, row, null);
    }
}
