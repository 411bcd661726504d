using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Keeps a received message invisible while its items run, renewing the visibility timeout at a third
/// of its length; each renewal returns a new pop receipt, which the final delete or update must use.
/// A renewal that fails (after the storage client's own retries) is tried again sooner, until the
/// lease stops; storage saying the message is gone or popped by someone else means the lease is
/// <see cref="Lost"/>, and the pass must stop rather than run on as a duplicate.
/// </summary>
public sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly TimeSpan _visibility;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, ILogger logger)
    {
        _queue = queue;
        Message = message;
        PopReceipt = message.PopReceipt;
        _visibility = visibility;
        _logger = logger;
        _renewal = RenewAsync(_stop.Token);
    }

    public QueueMessage Message { get; }

    public string PopReceipt { get; private set; }

    /// <summary>Cancelled when the message was deleted or received by another consumer: it is no longer ours.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

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
        _lost.Dispose();
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var interval = _visibility / 3;
        // After a failure, try again well before the message's timeout runs out.
        var retryInterval = _visibility / 12;
        var next = interval;
        try
        {
            while (true)
            {
                await Task.Delay(next, cancellationToken);
                try
                {
                    var receipt = await _queue.UpdateMessageAsync(Message.MessageId, PopReceipt, visibilityTimeout: _visibility, cancellationToken: cancellationToken);
                    PopReceipt = receipt.Value.PopReceipt;
                    next = interval;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 400)
                {
                    // 404: the message was deleted; 400 (PopReceiptMismatch): another consumer received it.
                    Log.LeaseLost(_logger, Message.MessageId, e.Status);
                    await _lost.CancelAsync();
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.LeaseRenewalFailed(_logger, Message.MessageId, e);
                    next = retryInterval;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
