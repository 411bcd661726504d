using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// The algorithms this worker can run, by name: the built-in ones plus configured processes. Disposed
/// with the host, after the drain, so persistent algorithm processes stop with the worker.
/// </summary>
public sealed class AlgorithmRegistry : IDisposable
{
    private readonly Dictionary<string, IAlgorithm> _byName;

    public AlgorithmRegistry(IEnumerable<IAlgorithm> builtIn, IOptions<WorkerOptions> options, ILogger<AlgorithmRegistry> logger)
    {
        _byName = builtIn.ToDictionary(a => a.Name, StringComparer.Ordinal);
        foreach (var (name, process) in options.Value.Processes)
        {
            _byName[name] = process.Mode == ProcessMode.Persistent
                ? new PersistentProcessAlgorithm(name, process, logger)
                : new ProcessAlgorithm(name, process);
        }
    }

    public void Dispose()
    {
        foreach (var pool in _byName.Values.OfType<PersistentProcessAlgorithm>())
        {
            pool.Dispose();
        }
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IAlgorithm Get(string name) => _byName.TryGetValue(name, out var algorithm)
        ? algorithm
        : throw new PermanentFailureException($"Unknown algorithm '{name}'; this worker has {string.Join(", ", _byName.Keys)}.");
}
