using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// Recent job headers for status queries. Under load Azurite (and a busy storage account) answers a
/// point read in tens to hundreds of milliseconds, while the completion fan-in on this replica rewrites
/// the header many times a second anyway: each write lands here, so pollers read memory. A header read
/// from storage or written here serves for <see cref="OrchestratorOptions.StatusCacheMaxAge"/> at most,
/// which bounds how stale a status can be when another replica did the write.
/// </summary>
public sealed class HeaderCache(IOptions<OrchestratorOptions> options, TimeProvider clock) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public InstanceHeader? Get(string instanceId)
    {
        // The cache's own expiry only evicts; the age is checked here, on the injected clock.
        return _cache.TryGetValue(instanceId, out Entry? entry) && clock.GetUtcNow() - entry!.StoredAt < options.Value.StatusCacheMaxAge
            ? entry.Header
            : null;
    }

    /// <summary>Keeps a copy of a header just read or written.</summary>
    public void Remember(InstanceHeader header)
    {
        if (options.Value.StatusCacheMaxAge <= TimeSpan.Zero)
        {
            return;
        }

        // Two writers may finish out of order; the later update wins so an older copy cannot replace a newer one.
        if (_cache.TryGetValue(header.PartitionKey, out Entry? current) && current!.Header.LastUpdatedTime > header.LastUpdatedTime)
        {
            return;
        }

        _cache.Set(header.PartitionKey, new Entry(header.Snapshot(), clock.GetUtcNow()), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = options.Value.StatusCacheMaxAge,
        });
    }

    public void Forget(string instanceId) => _cache.Remove(instanceId);

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(InstanceHeader Header, DateTimeOffset StoredAt);
}
