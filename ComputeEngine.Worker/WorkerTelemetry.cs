using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ComputeEngine.Worker;

/// <summary>The worker's trace source and metrics.</summary>
internal static class WorkerTelemetry
{
    public const string Name = "ComputeEngine.Worker";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Items = Meter.CreateCounter<long>(
        "computeengine.worker.items", "{item}", "Item attempts finished, by outcome (succeeded, failed, retrying, released).");

    public static readonly Histogram<double> RunTime = Meter.CreateHistogram<double>(
        "computeengine.worker.item.duration", "ms", "Run time of one item attempt.");

    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "computeengine.worker.item.queue_wait", "ms", "Time from enqueue to the start of an item's attempt.");

    public static readonly UpDownCounter<int> ActiveItems = Meter.CreateUpDownCounter<int>(
        "computeengine.worker.items.active", "{item}", "Items running now.");

    /// <summary>Starts a span whose parent is the W3C trace context carried in a message, so a job is one trace.</summary>
    public static Activity? StartFrom(string name, string? traceParent, ActivityKind kind = ActivityKind.Consumer) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
