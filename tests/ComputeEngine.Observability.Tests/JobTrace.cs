using ComputeEngine.Observability.Tests.Otlp;

namespace ComputeEngine.Observability.Tests;

/// <summary>The spans of one job, picked out of everything received by their instance id tag.</summary>
public sealed class JobTrace(IReadOnlyCollection<ReceivedSpan> spans, string instanceId)
{
    public const string InstanceTag = "computeengine.instance_id";

    public IReadOnlyCollection<ReceivedSpan> All { get; } = [.. spans];

    public IReadOnlyList<ReceivedSpan> StartJob => Named("start job");

    public IReadOnlyList<ReceivedSpan> FanOut => Named("fan-out");

    public IReadOnlyList<ReceivedSpan> Batches => Named("process batch");

    public IReadOnlyList<ReceivedSpan> Items => Named("run item");

    public IReadOnlyList<ReceivedSpan> Applies => Named("apply completions");

    public IEnumerable<ReceivedSpan> OfJob => All.Where(s => s[InstanceTag] == instanceId);

    public ReceivedSpan? ById(string spanId) => All.FirstOrDefault(s => s.SpanId == spanId);

    private List<ReceivedSpan> Named(string name) => [.. OfJob.Where(s => s.Name == name)];
}
