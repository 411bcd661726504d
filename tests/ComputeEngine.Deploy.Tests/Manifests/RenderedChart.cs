using YamlDotNet.RepresentationModel;

namespace ComputeEngine.Deploy.Tests.Manifests;

public sealed record Manifest(string ApiVersion, string Kind, string Name, YamlMappingNode Root)
{
    public string? Component => Root.At("metadata.labels").ChildScalar("app.kubernetes.io/component");

    /// <summary>The pod spec of a workload: a Deployment's template, or a ScaledJob's job template.</summary>
    public YamlMappingNode PodSpec => Kind switch
    {
        "Deployment" => Root.RequiredMapping("spec.template.spec"),
        "ScaledJob" => Root.RequiredMapping("spec.jobTargetRef.template.spec"),
        _ => throw new InvalidOperationException($"{Kind} has no pod spec"),
    };

    public YamlMappingNode PodLabels => Kind switch
    {
        "Deployment" => Root.RequiredMapping("spec.template.metadata.labels"),
        "ScaledJob" => Root.RequiredMapping("spec.jobTargetRef.template.metadata.labels"),
        _ => throw new InvalidOperationException($"{Kind} has no pod template"),
    };

    public IReadOnlyList<YamlMappingNode> Containers => PodSpec.MappingsAt("containers");

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>The output of `helm template`, split into manifests.</summary>
public sealed class RenderedChart(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<Manifest> Manifests { get; } = [.. YamlNodes.LoadDocuments(text).Select(ToManifest)];

    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(manifest => manifest.Kind == kind);

    public Manifest Get(string kind) => Assert.Single(OfKind(kind));

    public Manifest Get(string kind, string component) =>
        Assert.Single(OfKind(kind), manifest => manifest.Component == component);

    /// <summary>Every Deployment and ScaledJob: the things that run pods.</summary>
    public IEnumerable<Manifest> Workloads => Manifests.Where(manifest => manifest.Kind is "Deployment" or "ScaledJob");

    /// <summary>The worker's pods, whichever mode renders them.</summary>
    public Manifest WorkerWorkload => Assert.Single(Workloads, manifest => manifest.Component == "worker");

    private static Manifest ToManifest(YamlMappingNode root) => new(
        root.RequiredScalar("apiVersion"), root.RequiredScalar("kind"), root.RequiredScalar("metadata.name"), root);
}
