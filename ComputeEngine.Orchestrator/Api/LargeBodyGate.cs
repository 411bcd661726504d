using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// A start body is held whole while it is parsed and uploaded; large ones take turns, so a replica's memory
/// is bounded by <see cref="OrchestratorOptions.MaxConcurrentLargeStarts"/> bodies, however many arrive.
/// </summary>
public sealed class LargeBodyGate(IOptions<OrchestratorOptions> options) : IDisposable
{
    /// <summary>Bodies up to this size (by Content-Length) pass freely; a chunked body of unknown size takes a turn.</summary>
    public const long LargeBytes = 1024 * 1024;

    private readonly SemaphoreSlim _turns = new(options.Value.MaxConcurrentLargeStarts);

    /// <summary>Waits for a turn when the body is large; dispose the result to give it back.</summary>
    public async Task<IDisposable?> EnterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is <= LargeBytes)
        {
            return null;
        }

        await _turns.WaitAsync(cancellationToken);
        return new Slot(_turns);
    }

    public void Dispose() => _turns.Dispose();
}
