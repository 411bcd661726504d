namespace ComputeEngine.Worker.Processing;

/// <summary>What to do with a work message once its batch has been handled.</summary>
public abstract record Disposition
{
    /// <summary>Every item is final and reported: remove the message.</summary>
    public sealed record Delete : Disposition;

    /// <summary>Show the message again after <paramref name="Delay"/>: items to retry, a suspended job, a busy batch.</summary>
    public sealed record Later(TimeSpan Delay) : Disposition;

    /// <summary>
    /// Put <paramref name="Body"/> back as a fresh message, visible after <paramref name="Delay"/>, and remove
    /// this one: a long wait (a suspended job) must not spend the dequeue budget that catches poison messages.
    /// </summary>
    public sealed record Requeue(TimeSpan Delay, string Body) : Disposition;

    /// <summary>Set the message aside with the reason (and its job, when it could be read).</summary>
    public sealed record Poison(string Reason, string? InstanceId) : Disposition;
}
