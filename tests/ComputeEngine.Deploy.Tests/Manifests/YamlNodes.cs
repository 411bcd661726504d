using YamlDotNet.RepresentationModel;

namespace ComputeEngine.Deploy.Tests.Manifests;

/// <summary>Dotted-path navigation over YAML documents, for assertions on rendered manifests.</summary>
public static class YamlNodes
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlMappingNode LoadMapping(string path) => LoadDocuments(File.ReadAllText(path)).Single();

    /// <summary>The node at a dotted path (map keys only), or null when any step is missing.</summary>
    public static YamlNode? At(this YamlNode? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            node = node.Child(key);
        }

        return node;
    }

    /// <summary>One key, taken whole: for keys with dots such as label and annotation names.</summary>
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? ChildScalar(this YamlNode? node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static string? ScalarAt(this YamlNode? node, string path) => (node.At(path) as YamlScalarNode)?.Value;

    public static string RequiredScalar(this YamlNode? node, string path) =>
        node.ScalarAt(path) ?? throw new Xunit.Sdk.XunitException($"missing {path}");

    public static YamlMappingNode RequiredMapping(this YamlNode? node, string path) =>
        node.At(path) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"missing mapping {path}");

    public static IReadOnlyList<YamlMappingNode> MappingsAt(this YamlNode? node, string path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>()] : [];

    public static IReadOnlyList<string> Keys(this YamlNode? node) =>
        node is YamlMappingNode mapping ? [.. mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value!)] : [];
}
