using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// Counts every HTTP request the storage clients send (retries included) on the
/// <c>computeengine.storage.requests</c> counter of the <c>ComputeEngine.Storage</c> meter, by service.
/// Batching is the lever of this engine's throughput; this is how it is measured.
/// </summary>
/// <param name="service">The storage service this client talks to: blob, queue or table.</param>
public sealed class StorageRequestCounter(string service) : HttpPipelinePolicy
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ComputeEngine.Storage";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "computeengine.storage.requests", "{request}", "HTTP requests sent to Azure Storage.");

    private readonly KeyValuePair<string, object?> _tag = new("service", service);

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count();
        return ProcessNextAsync(message, pipeline);
    }

    private void Count() => Requests.Add(1, _tag);
}
