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

    /// <summary>The one Helm release every service installs.</summary>
    public YamlMappingNode Release => Services.Values.Select(s => Assert.Single(s.MappingsAt("k8s.helm.releases"))).DistinctBy(r => r.ToString()).Single();

    public IReadOnlyDictionary<string, string> Overrides =>
        ((YamlMappingNode)Release.At("overrides")!).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    public static AzureYaml Load() => new(YamlNodes.LoadMapping(RepoPaths.AzureYaml));

    /// <summary>The ${NAME} and ${NAME=default} references of a value, as azd expands them.</summary>
    public static IEnumerable<(string Name, string? Default)> Variables(string value) =>
        VariablePattern().Matches(value).Select(m => (m.Groups["name"].Value, m.Groups["default"].Success ? m.Groups["default"].Value : null));

    public static string Expand(string value, IReadOnlyDictionary<string, string> environment) =>
        VariablePattern().Replace(value, m => environment.TryGetValue(m.Groups["name"].Value, out var set)
            ? set
            : m.Groups["default"].Success ? m.Groups["default"].Value : "");

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(=(?<default>[^}]*))?\}")]
    private static partial Regex VariablePattern();
}
