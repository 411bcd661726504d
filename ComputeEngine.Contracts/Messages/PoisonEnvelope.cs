namespace ComputeEngine.Contracts.Messages;

/// <summary>A poisoned message with the reason it was set aside.</summary>
/// <param name="Reason">Why it could not be processed.</param>
/// <param name="MessageId">Its id in the source queue.</param>
/// <param name="DequeueCount">How often it had been received.</param>
/// <param name="PoisonedAt">When it was set aside.</param>
/// <param name="Body">The original body (truncated when very large).</param>
public sealed record PoisonEnvelope(string Reason, string MessageId, long DequeueCount, DateTimeOffset PoisonedAt, string Body);
