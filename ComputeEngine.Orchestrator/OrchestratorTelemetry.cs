using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ComputeEngine.Orchestrator;

/// <summary>The orchestrator's trace source and metrics.</summary>
internal static class OrchestratorTelemetry
{
    public const string Name = "ComputeEngine.Orchestrator";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> JobsStarted = Meter.CreateCounter<long>("computeengine.jobs.started", "{job}", "Jobs accepted.");

    public static readonly Counter<long> JobsFinished = Meter.CreateCounter<long>("computeengine.jobs.finished", "{job}", "Jobs that reached Completed or Failed, by status.");

    public static readonly Counter<long> ItemsDispatched = Meter.CreateCounter<long>("computeengine.items.dispatched", "{item}", "Items put on the work queue.");

    public static readonly Counter<long> ItemsCounted = Meter.CreateCounter<long>("computeengine.items.counted", "{item}", "Items counted as final, by outcome; duplicates are not counted.");

    /// <summary>Starts a span under the job's (or a message's) W3C trace context.</summary>
    public static Activity? StartFrom(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal, IEnumerable<ActivityLink>? links = null) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent, links: links)
            : Source.StartActivity(name, kind, default(ActivityContext), links: links);
}
