using System.Diagnostics;
using Azure.Storage.Queues;

namespace ComputeEngine.Benchmarks.Scenarios;

/// <summary>
/// The floor of a one-message-per-item design: small messages sent, received 32 at a time and deleted
/// on a scratch queue through the Azure SDK alone, against the same Azurite as the engine.
/// </summary>
public static class RawQueueFloor
{
    private const int Concurrency = 8;
    private const int MaxMessagesPerReceive = 32;

    public static async Task RunAsync(string connectionString, int messages, Report report, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(connectionString, $"bench-floor-{Guid.NewGuid():N}"[..30]);
        await queue.CreateAsync(cancellationToken: cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, messages),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => await queue.SendMessageAsync($"{{\"item\":{i}}}", ct));
            var sent = clock.Elapsed;

            var remaining = messages;
            var consumers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
            {
                while (Volatile.Read(ref remaining) > 0)
                {
                    var received = (await queue.ReceiveMessagesAsync(MaxMessagesPerReceive, TimeSpan.FromMinutes(5), cancellationToken)).Value;
                    if (received.Length == 0)
                    {
                        // The last messages are held by other loops.
                        await Task.Delay(10, cancellationToken);
                    }

                    foreach (var message in received)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        Interlocked.Decrement(ref remaining);
                    }
                }
            }, cancellationToken));
            await Task.WhenAll(consumers);
            var total = clock.Elapsed;

            const string Section = "Raw queue floor (Azure SDK alone, same Azurite)";
            report.Add(Section, $"send, {Concurrency} concurrent", messages / sent.TotalSeconds, "msgs/s");
            report.Add(Section, $"receive ×{MaxMessagesPerReceive} + delete, {Concurrency} loops", messages / (total - sent).TotalSeconds, "msgs/s");
            report.Add(Section, $"fully processed ({messages} msgs)", messages / total.TotalSeconds, "msgs/s", "raw_floor_msgs_per_s");
        }
        finally
        {
            await queue.DeleteIfExistsAsync(CancellationToken.None);
        }
    }
}
