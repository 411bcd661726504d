using System.Text.RegularExpressions;

namespace ComputeEngine.AppHost.Tests.Publishing;

/// <summary>
/// Reads the Helm chart's templates as text: the environment variables a template sets for its container, following
/// its <c>include</c>s into the chart's named templates (<c>define</c>), as Helm expands them.
/// </summary>
internal sealed partial class ChartTemplates(string templatesDirectory)
{
    private readonly Dictionary<string, string> _defines = Directory.EnumerateFiles(templatesDirectory)
        .SelectMany(file => Defines(File.ReadAllText(file)))
        .ToDictionary(define => define.Name, define => define.Body, StringComparer.Ordinal);

    /// <summary>The component a template renders (<c>$ctx := dict … "component" "worker"</c>).</summary>
    public string? Component(string template) =>
        ComponentPattern().Match(Read(template)) is { Success: true } match ? match.Groups[1].Value : null;

    public ISet<string> EnvironmentNames(string template) => EnvironmentNames(Read(template), []);

    private HashSet<string> EnvironmentNames(string text, HashSet<string> visited)
    {
        var names = EnvNamePattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var include in IncludePattern().Matches(text).Select(m => m.Groups[1].Value))
        {
            if (visited.Add(include) && _defines.TryGetValue(include, out var body))
            {
                names.UnionWith(EnvironmentNames(body, visited));
            }
        }

        return names;
    }

    private string Read(string template) => File.ReadAllText(Path.Combine(templatesDirectory, template));

    // Named templates follow each other in a .tpl file; each body runs to the next define.
    private static IEnumerable<(string Name, string Body)> Defines(string text)
    {
        var matches = DefinePattern().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            yield return (matches[i].Groups[1].Value, text[matches[i].Index..end]);
        }
    }

    [GeneratedRegex(@"\{\{-?\s*define\s+""([^""]+)""")]
    private static partial Regex DefinePattern();

    [GeneratedRegex(@"include\s+""([^""]+)""")]
    private static partial Regex IncludePattern();

    [GeneratedRegex("""^\s*-\s*name:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$""", RegexOptions.Multiline)]
    private static partial Regex EnvNamePattern();

    [GeneratedRegex(@"""component""\s+""([^""]+)""")]
    private static partial Regex ComponentPattern();
}
