using ComputeEngine.AppHost.Model;

namespace ComputeEngine.AppHost.Running;

internal static class ReadinessCheck
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Polls the probe until it passes; false if <paramref name="gone"/> completes first.</summary>
    public static async Task<bool> WaitAsync(HttpClient http, ReadinessProbe probe, Task gone, CancellationToken cancellationToken)
    {
        while (!gone.IsCompleted)
        {
            if (await PassesAsync(http, probe, cancellationToken))
            {
                return true;
            }

            await Task.WhenAny(gone, Task.Delay(Interval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    private static async Task<bool> PassesAsync(HttpClient http, ReadinessProbe probe, CancellationToken cancellationToken)
    {
        foreach (var url in probe.Urls)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(AttemptTimeout);
                using var response = await http.GetAsync(url, attempt.Token);
                if (probe.RequireSuccess && !response.IsSuccessStatusCode)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }
}
