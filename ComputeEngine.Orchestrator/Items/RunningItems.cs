using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Orchestrator.Items;

/// <summary>
/// Items running now per job, summed over the live workers' heartbeats: how a suspended or terminated job
/// is seen to stop. Read at most once per <see cref="MaxAge"/>, whatever the number of status requests.
/// </summary>
public sealed class RunningItems(StorageClients storage, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, Dictionary<string, int> ByJob)? _last;

    public void Dispose() => _gate.Dispose();

    public async Task<int> OfAsync(string instanceId, CancellationToken cancellationToken)
    {
        var byJob = await ByJobAsync(cancellationToken);
        return byJob.GetValueOrDefault(instanceId);
    }

    // Summed once per read, not per status request.
    private async Task<Dictionary<string, int>> ByJobAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } read)
            {
                return read;
            }

            var now = clock.GetUtcNow();
            var byJob = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var beat in await LiveWorkers.ReadAsync(storage, now, cancellationToken))
            {
                foreach (var (job, running) in beat.RunningByJob())
                {
                    byJob[job] = byJob.GetValueOrDefault(job) + running;
                }
            }

            _last = (now, byJob);
            return byJob;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Dictionary<string, int>? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < MaxAge ? last.ByJob : null;
}
