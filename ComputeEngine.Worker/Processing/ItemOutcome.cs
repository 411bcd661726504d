using System.Text.Json;

namespace ComputeEngine.Worker.Processing;

/// <summary>How one attempt of one item ended.</summary>
public abstract record ItemOutcome
{
    public required double RunMilliseconds { get; init; }

    public sealed record Success(JsonElement Output) : ItemOutcome;

    /// <summary>The attempt failed; <paramref name="Permanent"/> means retrying cannot help.</summary>
    public sealed record Failure(string Error, bool Permanent) : ItemOutcome
    {
        /// <summary>What the error line leaves out: the stack trace, or a process algorithm's stderr tail.</summary>
        public string? Detail { get; init; }
    }

    /// <summary>The worker is shutting down: hand the item to another replica without spending an attempt.</summary>
    public sealed record Released : ItemOutcome;
}
