namespace ComputeEngine.AppHost.Running;

internal static class RestartBackoff
{
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    // A process that stayed up this long is considered recovered: its next crash starts the backoff over.
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    /// <summary>1 s, 2 s, 4 s … up to <see cref="Ceiling"/> for the 1st, 2nd, 3rd … consecutive crash.</summary>
    public static TimeSpan For(int consecutiveCrashes) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Max(consecutiveCrashes, 1) - 1), Ceiling.TotalSeconds));
}
