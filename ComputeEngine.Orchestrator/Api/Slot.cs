namespace ComputeEngine.Orchestrator.Api;

/// <summary>One place taken from a semaphore, given back once however often it is disposed.</summary>
internal sealed class Slot(SemaphoreSlim places) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            places.Release();
        }
    }
}
