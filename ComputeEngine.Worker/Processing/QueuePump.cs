using Azure.Storage.Queues;
using ComputeEngine.ServiceDefaults.Storage;
using OpenTelemetry;
using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Pulls work messages and hands each to the <see cref="BatchProcessor"/>, a few at a time. One bad
/// message never stops the loop. On SIGTERM it stops receiving, lets running items finish within
/// <see cref="WorkerOptions.ShutdownTimeout"/>, then releases the rest to other replicas.
/// </summary>
public sealed class QueuePump(
    StorageClients storage,
    BatchProcessor processor,
    ClaimBudget budget,
    WorkerActivity activity,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    ILogger<QueuePump> logger) : BackgroundService
{
    private const int MaxMessagesPerReceive = 32;
    private readonly QueueClient _queue = storage.Queue(StorageNames.WorkQueue);
    private readonly QueueClient _poison = storage.Queue(StorageNames.WorkPoisonQueue);
    private readonly CancellationTokenSource _release = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<Task> _inFlight = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = new PollingBackoff(settings.MinPollingDelay, settings.MaxPollingDelay);
        Log.Started(logger, settings.Name, settings.Concurrency);
        var lastWork = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
                var changed = budget.Changed;
                var free = settings.MaxMessagesInFlight - _inFlight.Count;
                var take = free <= 0 ? 0 : budget.MessagesToTake(Math.Min(free, MaxMessagesPerReceive));
                if (take == 0)
                {
                    // Full, or no room to start another batch soon: what stays on the queue is there for other replicas.
                    await (_inFlight.Count > 0 ? Task.WhenAny(Task.WhenAny(_inFlight), changed) : changed).WaitAsync(stoppingToken);
                    lastWork = clock.GetUtcNow();
                    continue;
                }

                QueueMessage[] messages;
                using (SuppressInstrumentationScope.Begin())
                {
                    // Polling is not part of any job: without this, every empty poll would be a trace of its own.
                    messages = await _queue.ReceiveMessagesAsync(take, settings.VisibilityTimeout, stoppingToken);
                }

                if (messages.Length == 0)
                {
                    if (_inFlight.Count > 0)
                    {
                        lastWork = clock.GetUtcNow();
                    }
                    else if (clock.GetUtcNow() - lastWork >= settings.ExitWhenIdleAfter)
                    {
                        Log.ExitingWhenIdle(logger, settings.ExitWhenIdleAfter.Value);
                        lifetime.StopApplication();
                        break;
                    }

                    await Task.Delay(backoff.Next(), stoppingToken);
                    continue;
                }

                lastWork = clock.GetUtcNow();
                backoff.Reset();
                _inFlight.AddRange(messages.Select(m =>
                {
                    var arrival = budget.Arrive();
                    return Task.Run(() => HandleAsync(m, arrival), CancellationToken.None);
                }));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.ReceiveFailed(logger, e);
                await Task.Delay(backoff.Maximum, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await DrainAsync(settings.ShutdownTimeout);
    }

    public override void Dispose()
    {
        _release.Dispose();
        _abort.Dispose();
        base.Dispose();
    }

    private async Task DrainAsync(TimeSpan timeout)
    {
        activity.Draining = true;
        var pending = Task.WhenAll(_inFlight);
        Log.Draining(logger, _inFlight.Count(t => !t.IsCompleted));
        if (await Task.WhenAny(pending, Task.Delay(timeout)) != pending)
        {
            // Out of time: items still running are released (their messages made visible again) for another replica.
            await _release.CancelAsync();
            if (await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(5))) != pending)
            {
                await _abort.CancelAsync();
            }
        }

        await pending.ContinueWith(_ => { }, TaskScheduler.Default);
        Log.Drained(logger);
    }

    private async Task HandleAsync(QueueMessage message, ClaimBudget.Arrival arrival)
    {
        using var arriving = arrival;
        await using var lease = new MessageLease(_queue, message, options.Value.VisibilityTimeout, logger);
        // A lost lease releases the pass's items as a shutdown does: whoever holds the message now runs them.
        using var release = CancellationTokenSource.CreateLinkedTokenSource(_release.Token, lease.Lost);
        Disposition disposition;
        try
        {
            disposition = await processor.ProcessAsync(message, arrival, release.Token, _abort.Token);
        }
        catch (Exception e)
        {
            // Storage trouble or a bug: show the message again soon rather than after the full timeout.
            Log.MessageFailed(logger, message.MessageId, e);
            disposition = new Disposition.Later(RetryDelay.After((int)message.DequeueCount, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
        }

        await lease.StopAsync();
        if (lease.IsLost)
        {
            // Its pop receipt is void: only the message's new holder can delete or hide it.
            return;
        }

        try
        {
            switch (disposition)
            {
                case Disposition.Delete:
                    await _queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, _abort.Token);
                    break;
                case Disposition.Later later:
                    await _queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: later.Delay, cancellationToken: _abort.Token);
                    break;
                case Disposition.Requeue requeue:
                    // Send before delete: a crash in between leaves a copy, which the item rows make harmless.
                    await _queue.SendMessageAsync(requeue.Body, requeue.Delay, cancellationToken: _abort.Token);
                    await _queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, _abort.Token);
                    break;
                case Disposition.Poison poison:
                    Log.MessagePoisoned(logger, message.MessageId, poison.InstanceId, poison.Reason);
                    await PoisonQueue.MoveAsync(_queue, _poison, message, lease.PopReceipt, poison.Reason, _abort.Token);
                    break;
            }
        }
        catch (Exception e)
        {
            // The message reappears after its visibility timeout and is handled again; every step is idempotent.
            Log.SettleFailed(logger, message.MessageId, e);
        }
    }
}
