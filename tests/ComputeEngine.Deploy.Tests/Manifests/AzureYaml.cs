using System.Text.RegularExpressions;
using ComputeEngine.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ComputeEngine.Deploy.Tests.Manifests;

/// <summary>azure.yaml, read as a YAML tree (aliases resolved) for structural checks.</summary>
public sealed partial class AzureYaml(YamlMappingNode root)
{
    public YamlMappingNode Root { get; } = root;

    public IReadOnlyDictionary<string, YamlMappingNode> Services { get; } =
        ((YamlMappingNode)root.At("services")!).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (YamlMappingNode)p.Value);

    /// <summary>The one namespace every service deploys to.</summary>
    public string Namespace => Services.Values.Select(s => s.RequiredScalar("k8s.namespace")).Distinct().Single();

    /// <summary>Every Helm release of every service, in azure.yaml's order.</summary>
    public IEnumerable<(string Service, HelmRelease Release)> Releases =>
        Services.SelectMany(s => s.Value.MappingsAt("k8s.helm.releases").Select(r => (s.Key, HelmRelease.From(r))));

    /// <summary>The services a service declares with <c>uses:</c>; azd deploys it after them.</summary>
    public IReadOnlyList<string> Uses(string service) =>
        Services[service].At("uses") is YamlSequenceNode uses ? [.. uses.Children.Select(u => ((YamlScalarNode)u).Value!)] : [];

    /// <summary>The folder azd runs a service's hooks in (its project folder).</summary>
    public string ServiceDirectory(string service) =>
        Path.GetFullPath(Path.Combine(RepoPaths.Root, Services[service].RequiredScalar("project")));

    public static AzureYaml Load() => new(YamlNodes.LoadMapping(RepoPaths.AzureYaml));

    /// <summary>The ${NAME} and ${NAME=default} references of a value, as azd expands them.</summary>
    public static IEnumerable<(string Name, string? Default)> Variables(string value) =>
        VariablePattern().Matches(value).Select(m => (m.Groups["name"].Value, m.Groups["default"].Success ? m.Groups["default"].Value : null));

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(=(?<default>[^}]*))?\}")]
    private static partial Regex VariablePattern();
}

/// <summary>A Helm release as azd reads it (cli/azd/pkg/helm/config.go: name, chart, version, namespace, values).</summary>
public sealed record HelmRelease(string Name, string Chart, string? Version, string? Namespace, string? Values)
{
    public static HelmRelease From(YamlMappingNode release) => new(
        release.RequiredScalar("name"), release.RequiredScalar("chart"), release.ScalarAt("version"),
        release.ScalarAt("namespace"), release.ScalarAt("values"));
}
