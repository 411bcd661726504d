using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Testing;
using ComputeEngine.Worker.Processing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComputeEngine.Worker.Tests.Storage;

/// <summary>The lease on a work message, against a real Azurite, with renewals failed on purpose in the client's pipeline.</summary>
public sealed class MessageLeaseTests(AzuriteFixture storage) : IClassFixture<AzuriteFixture>
{
    // Azurite keeps visibility in whole seconds: a few seconds of margin keep the test off that rounding.
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_failed_renewal_is_tried_again_and_the_message_stays_hidden()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failures = new FailUpdates(count: 2);
        var (queue, observer) = await NewQueueAsync(failures, timeout.Token);
        var message = (await queue.ReceiveMessageAsync(Visibility, timeout.Token)).Value;

        await using (var lease = new MessageLease(queue, message, Visibility, NullLogger.Instance))
        {
            // Two visibility timeouts: without a renewal after the failed ones, the message shows again.
            var until = DateTimeOffset.UtcNow + (2 * Visibility);
            while (DateTimeOffset.UtcNow < until)
            {
                Assert.Null((await observer.ReceiveMessageAsync(TimeSpan.FromSeconds(30), timeout.Token)).Value);
                await Task.Delay(200, timeout.Token);
            }

            await lease.StopAsync();
            Assert.False(lease.IsLost);
            Assert.Equal(2, failures.Failed);
            await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, timeout.Token);
        }
    }

    [Fact]
    public async Task A_message_deleted_under_the_lease_is_reported_lost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (queue, observer) = await NewQueueAsync(new FailUpdates(count: 0), timeout.Token);
        var message = (await queue.ReceiveMessageAsync(Visibility, timeout.Token)).Value;
        await using var lease = new MessageLease(queue, message, Visibility, NullLogger.Instance);

        await observer.DeleteMessageAsync(message.MessageId, message.PopReceipt, timeout.Token);
        var lost = new TaskCompletionSource();
        await using var registration = lease.Lost.Register(lost.SetResult);
        await lost.Task.WaitAsync(timeout.Token);

        Assert.True(lease.IsLost);
    }

    private async Task<(QueueClient Leased, QueueClient Observer)> NewQueueAsync(FailUpdates failures, CancellationToken cancellationToken)
    {
        var name = "lease-" + Guid.NewGuid().ToString("N")[..12];
        var observer = storage.Clients.Queue(name);
        await observer.CreateAsync(cancellationToken: cancellationToken);
        await observer.SendMessageAsync("{}", cancellationToken);
        // No client retries: the injected failure reaches the lease as an exhausted retry budget would.
        var faulty = new StorageClients(storage.ConnectionString, options =>
        {
            options.Retry.MaxRetries = 0;
            options.AddPolicy(failures, HttpPipelinePosition.PerRetry);
        });
        return (faulty.Queue(name), observer);
    }

    /// <summary>Fails the first <c>count</c> message updates (PUT …/messages/{id}) with a 503 before they reach storage.</summary>
    private sealed class FailUpdates(int count) : HttpPipelinePolicy
    {
        private readonly int _count = count;
        private int _left = count;

        public int Failed => _count - Math.Max(0, Volatile.Read(ref _left));

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Fail(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Fail(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains("/messages/", StringComparison.Ordinal)
                && Interlocked.Decrement(ref _left) >= 0)
            {
                throw new RequestFailedException(503, "injected: storage unavailable");
            }
        }
    }
}
