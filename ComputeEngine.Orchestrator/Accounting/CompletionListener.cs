using System.Text.Json;
using Azure.Storage.Queues;
using ComputeEngine.ServiceDefaults.Storage;
using OpenTelemetry;
using Azure.Storage.Queues.Models;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// The fan-in: drains the completions queue in batches of up to 32 messages, applies each job's
/// completions in one transaction, and deletes the messages only after they are counted.
/// </summary>
public sealed class CompletionListener(
    StorageClients storage,
    CompletionApplier applier,
    FanInSignal signal,
    IOptions<OrchestratorOptions> options,
    ILogger<CompletionListener> logger) : BackgroundService
{
    private const int MaxMessagesPerReceive = 32;

    // Applying a receive's worth of completions takes milliseconds; if it fails (storage down), the
    // messages should come back soon, not a minute later.
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(20);
    private readonly QueueClient _queue = storage.Queue(StorageNames.CompletionQueue);
    private readonly QueueClient _poison = storage.Queue(StorageNames.CompletionPoisonQueue);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ListenToCompletionQueue)
        {
            return;
        }

        var backoff = new PollingBackoff(options.Value.MinPollingDelay, options.Value.MaxPollingDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] messages;
                using (SuppressInstrumentationScope.Begin())
                {
                    // Polling is not part of any job: without this, every empty poll would be a trace of its own.
                    messages = await _queue.ReceiveMessagesAsync(MaxMessagesPerReceive, VisibilityTimeout, stoppingToken);
                }

                if (messages.Length == 0)
                {
                    await signal.PauseAsync(backoff, stoppingToken);
                    continue;
                }

                backoff.Reset();
                signal.WorkInFlight();
                await HandleAsync(messages, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.CompletionLoopFailed(logger, e);
                await Task.Delay(backoff.Maximum, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(QueueMessage[] messages, CancellationToken cancellationToken)
    {
        var parsed = new List<(QueueMessage Message, CompletionMessage Completion)>(messages.Length);
        foreach (var message in messages)
        {
            if (Parse(message) is { } completion)
            {
                parsed.Add((message, completion));
            }
            else
            {
                Log.CompletionPoisoned(logger, message.MessageId, "not a completion message");
                await PoisonQueue.MoveAsync(_queue, _poison, message, message.PopReceipt, "not a completion message", cancellationToken);
            }
        }

        foreach (var job in parsed.GroupBy(p => p.Completion.InstanceId))
        {
            try
            {
                var outcome = await applier.ApplyAsync(job.Key, [.. job.Select(p => p.Completion)], cancellationToken);
                if (outcome == ApplyOutcome.UnknownInstance)
                {
                    Log.CompletionForUnknownInstance(logger, job.Key);
                }

                foreach (var (message, _) in job)
                {
                    await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CompletionApplyFailed(logger, job.Key, e);
                foreach (var (message, _) in job.Where(p => p.Message.DequeueCount >= options.Value.MaxDequeueCount))
                {
                    await PoisonQueue.MoveAsync(_queue, _poison, message, message.PopReceipt, "could not be applied: " + e.Message, cancellationToken);
                }
            }
        }
    }

    private static CompletionMessage? Parse(QueueMessage message)
    {
        try
        {
            var completion = JsonSerializer.Deserialize(message.Body.ToMemory().Span, ContractsJsonContext.Default.CompletionMessage);
            return completion is { InstanceId: not null, Succeeded: not null, Failed: not null } && InstanceIds.IsValid(completion.InstanceId)
                ? completion
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
