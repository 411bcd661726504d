using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops the root spans of calls that belong to no request or job: an HTTP call or an Azure SDK operation started
/// outside any span is polling (a dashboard reading the API and storage once a second, a worker receiving from an
/// empty queue, heartbeats). Recorded, they bury a job's trace under hundreds of one-span traces. Requests
/// (server spans), messages and the services' own spans are kept; under <see cref="ParentBasedSampler"/> a dropped
/// call's children and the server it calls drop with it, because the trace context it sends says "not sampled".
/// </summary>
public sealed class BackgroundCallSampler : Sampler
{
    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        IsBackgroundCall(samplingParameters.Kind, samplingParameters.Name)
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);

    // The Azure SDK names its operation spans "{Client}.{Method}" (QueueClient.ReceiveMessages) and makes them Internal.
    private static bool IsBackgroundCall(ActivityKind kind, string name) =>
        kind == ActivityKind.Client || (kind == ActivityKind.Internal && name.Contains("Client.", StringComparison.Ordinal));
}
