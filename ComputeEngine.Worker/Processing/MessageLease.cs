using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Keeps a received message invisible while its items run, renewing the visibility timeout at a third
/// of its length; each renewal returns a new pop receipt, which the final delete or update must use.
/// </summary>
public sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly TimeSpan _visibility;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility)
    {
        _queue = queue;
        Message = message;
        PopReceipt = message.PopReceipt;
        _visibility = visibility;
        _renewal = RenewAsync(_stop.Token);
    }

    public QueueMessage Message { get; }

    public string PopReceipt { get; private set; }

    /// <summary>Stops renewing; call before the final delete or update.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_visibility / 3, cancellationToken);
                var receipt = await _queue.UpdateMessageAsync(Message.MessageId, PopReceipt, visibilityTimeout: _visibility, cancellationToken: cancellationToken);
                PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Azure.RequestFailedException)
        {
            // The message was taken over or deleted; the batch's ETags decide who settles its items.
        }
    }
}
