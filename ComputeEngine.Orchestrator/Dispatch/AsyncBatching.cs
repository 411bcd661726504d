using System.Runtime.CompilerServices;

namespace ComputeEngine.Orchestrator.Dispatch;

internal static class AsyncBatching
{
    /// <summary>Skips <paramref name="skip"/> items, then yields lists of at most <paramref name="size"/>.</summary>
    public static async IAsyncEnumerable<List<T>> BatchesAsync<T>(
        this IAsyncEnumerable<T> source, int skip, int size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<T>(size);
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            batch.Add(item);
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<T>(size);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
