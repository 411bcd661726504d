using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>Moves a message that cannot be processed to a poison queue, wrapped with the reason.</summary>
public static class PoisonQueue
{
    // A queue message holds at most 64 KiB; leave room for the envelope.
    private const int MaxBodyChars = 48 * 1024;

    /// <summary>Sends the message with its reason to <paramref name="poison"/>, then deletes it from <paramref name="source"/>.</summary>
    /// <param name="source">The queue the message came from.</param>
    /// <param name="poison">The poison queue.</param>
    /// <param name="message">The message.</param>
    /// <param name="popReceipt">The message's current pop receipt (it changes when the visibility is renewed).</param>
    /// <param name="reason">Why it cannot be processed.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task.</returns>
    public static async Task MoveAsync(QueueClient source, QueueClient poison, QueueMessage message, string popReceipt, string reason, CancellationToken cancellationToken)
    {
        var body = message.Body.ToString();
        var envelope = JsonSerializer.Serialize(new PoisonEnvelope(
            reason,
            message.MessageId,
            message.DequeueCount,
            DateTimeOffset.UtcNow,
            body.Length > MaxBodyChars ? body[..MaxBodyChars] : body), ContractsJsonContext.Default.PoisonEnvelope);
        await poison.SendMessageAsync(envelope, cancellationToken: cancellationToken);
        await source.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
    }
}
