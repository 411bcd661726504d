using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>The algorithms this worker can run, by name: the built-in ones plus configured processes.</summary>
public sealed class AlgorithmRegistry
{
    private readonly Dictionary<string, IAlgorithm> _byName;

    public AlgorithmRegistry(IEnumerable<IAlgorithm> builtIn, IOptions<WorkerOptions> options)
    {
        _byName = builtIn.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, process) in options.Value.Processes)
        {
            _byName[name] = new ProcessAlgorithm(name, process);
        }
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IAlgorithm Get(string name) => _byName.TryGetValue(name, out var algorithm)
        ? algorithm
        : throw new PermanentFailureException($"Unknown algorithm '{name}'; this worker has {string.Join(", ", _byName.Keys)}.");
}
