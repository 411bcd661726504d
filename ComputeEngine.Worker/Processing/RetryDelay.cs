namespace ComputeEngine.Worker.Processing;

/// <summary>How long an item waits before its next attempt: exponential in the attempts made, capped.</summary>
public static class RetryDelay
{
    public static TimeSpan After(int attempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, maxDelay.TotalMilliseconds));
    }
}
