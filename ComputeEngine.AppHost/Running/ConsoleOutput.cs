namespace ComputeEngine.AppHost.Running;

/// <summary>Writes each child's lines prefixed with its resource name, in a colour per resource on a terminal.</summary>
internal sealed class ConsoleOutput
{
    private const int NameWidth = 12;
    private static readonly string[] Palette = ["36", "35", "33", "32", "34", "96", "95", "93", "92", "94"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _colours = [];
    private readonly bool _colour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public void Line(string source, string text)
    {
        lock (_lock)
        {
            var name = source.PadRight(NameWidth);
            Console.Out.WriteLine(_colour ? $"\u001b[{Colour(source)}m{name}\u001b[0m | {text}" : $"{name} | {text}");
        }
    }

    public void Plain(string text)
    {
        lock (_lock)
        {
            Console.Out.WriteLine(text);
        }
    }

    private string Colour(string source)
    {
        if (!_colours.TryGetValue(source, out var colour))
        {
            colour = Palette[_colours.Count % Palette.Length];
            _colours[source] = colour;
        }

        return colour;
    }
}
