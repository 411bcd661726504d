using System.Collections.Concurrent;
using Azure.Data.Tables;
using ComputeEngine.Orchestrator.Instances;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Dispatch;

/// <summary>
/// Runs fan-outs: at once for jobs started on this replica, and by a periodic scan for jobs whose
/// fan-out was interrupted (a crash, a restart, a resume, a rewind on another replica).
/// </summary>
public sealed class DispatchService(
    DispatchQueue queue,
    JobDispatcher dispatcher,
    InstanceStore store,
    DispatchArbiter arbiter,
    IOptions<OrchestratorOptions> options,
    ILogger<DispatchService> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scan = ScanLoopAsync(stoppingToken);
        try
        {
            await foreach (var instanceId in queue.Reader.ReadAllAsync(stoppingToken))
            {
                Start(instanceId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await scan;
        await Task.WhenAll(_running.Values);
    }

    private void Start(string instanceId, CancellationToken stoppingToken)
    {
        // The kick and the scan may both ask for the same job: only one of them may start it. The entry
        // is a task that ends with the run, so shutdown can wait for every run.
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(instanceId, run.Task))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await dispatcher.RunAsync(instanceId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                // The scan retries it; the watermark makes the retry resume where this one stopped.
                Log.DispatchFailed(logger, instanceId, e);
            }
            finally
            {
                _running.TryRemove(instanceId, out _);
                run.SetResult();
            }
        }, CancellationToken.None);
    }

    private async Task ScanLoopAsync(CancellationToken stoppingToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {""} and (RuntimeStatus eq {RuntimeStatus.Pending} or (RuntimeStatus eq {RuntimeStatus.Running} and (FanOutComplete eq false or RewindPending eq true)))");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var instanceId in await UnfinishedAsync(filter, stoppingToken))
                {
                    Start(instanceId, stoppingToken);
                }

                await Task.Delay(options.Value.DispatchScanInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.DispatchScanFailed(logger, e);
                await Task.Delay(options.Value.DispatchScanInterval, stoppingToken);
            }
        }
    }

    private async Task<List<string>> UnfinishedAsync(string filter, CancellationToken cancellationToken)
    {
        // The scan is housekeeping, not part of a job's trace; the suppression must not flow into the fan-outs it starts.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        var ids = new List<string>();
        var fanningOut = new Dictionary<string, int>();
        var select = new[] { "PartitionKey", nameof(InstanceHeader.RuntimeStatus), nameof(InstanceHeader.FanOutComplete), nameof(InstanceHeader.Priority) };
        await foreach (var header in store.Table.QueryAsync<InstanceHeader>(filter, select: select, cancellationToken: cancellationToken))
        {
            ids.Add(header.PartitionKey);
            if (header is { RuntimeStatus: RuntimeStatus.Running, FanOutComplete: false })
            {
                fanningOut[header.PartitionKey] = header.Priority;
            }
        }

        // Fan-outs on every replica, for priorities; a job fanned out here is also kept by the arbiter as it runs.
        arbiter.Seen(fanningOut);
        return ids;
    }
}
