using System.Diagnostics;
using ComputeEngine.Benchmarks.Measurement;
using ComputeEngine.Testing;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace ComputeEngine.Benchmarks.Peer;

/// <summary>
/// The engine under Azure Durable Functions (DurableTask.Core + DurableTask.AzureStorage, the mirror's
/// versions) running the seed's fan-out/fan-in on its own fresh in-memory Azurite: two task hub workers,
/// as our two worker processes, with the settings a Durable Functions user would pick in host.json for a
/// fan-out of short activities (see <see cref="Settings"/>).
/// </summary>
public static class DurableTaskPeer
{
    private const int Workers = 2;

    public sealed record Result(TimeSpan Elapsed, TimeSpan AzuriteCpu, long Output);

    /// <summary>
    /// The host.json equivalents, each a documented Durable Functions setting
    /// (learn.microsoft.com/azure/azure-functions/durable/durable-functions-host-json-settings and
    /// durable-functions-perf-and-scale): extendedSessionsEnabled=true (instance caching: the orchestration
    /// stays in memory instead of replaying its growing history at every batch of completions),
    /// maxConcurrentActivityFunctions=32 and maxConcurrentOrchestratorFunctions=32 per host (above the
    /// default of 10 × cores = 20, since the activity is trivial), maxQueuePollingInterval=1 s (default 30 s,
    /// which only adds idle latency), partitionCount=4 and controlQueueBatchSize=32 (the defaults), the
    /// table-based partition manager (the newer one).
    /// </summary>
    public static AzureStorageOrchestrationServiceSettings Settings(string connectionString, string hub) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        TaskHubName = hub,
        ExtendedSessionsEnabled = true,
        MaxConcurrentTaskActivityWorkItems = 32,
        MaxConcurrentTaskOrchestrationWorkItems = 32,
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        PartitionCount = 4,
        ControlQueueBatchSize = 32,
        UseTablePartitionManagement = true,
    };

    public static async Task<Result> RunAsync(int items, TimeSpan limit, CancellationToken cancellationToken)
    {
        var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        var hub = $"peer{Guid.NewGuid():N}"[..16];
        var workers = new List<TaskHubWorker>();
        try
        {
            var service = new AzureStorageOrchestrationService(Settings(storage.ConnectionString, hub));
            await service.CreateIfNotExistsAsync();
            for (var i = 0; i < Workers; i++)
            {
                // Each worker has its own service object, as each Functions host would.
                var worker = new TaskHubWorker(i == 0 ? service : new AzureStorageOrchestrationService(Settings(storage.ConnectionString, hub)));
                worker.AddTaskOrchestrations(typeof(SumFanOut));
                worker.AddTaskActivities(typeof(SumActivity));
                await worker.StartAsync();
                workers.Add(worker);
            }

            var client = new TaskHubClient(service);
            var cpuBefore = ProcessCpu.Of(storage.ProcessId);
            var clock = Stopwatch.StartNew();
            var instance = await client.CreateOrchestrationInstanceAsync(typeof(SumFanOut), items);
            var state = await client.WaitForOrchestrationAsync(instance, limit, cancellationToken);
            var elapsed = clock.Elapsed;
            var cpu = ProcessCpu.Of(storage.ProcessId) - cpuBefore;
            if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
            {
                throw new InvalidOperationException($"The Durable Task peer did not complete {items} items within {limit}: {state?.OrchestrationStatus.ToString() ?? "no state"}.");
            }

            var output = long.Parse(state.Output, System.Globalization.CultureInfo.InvariantCulture);
            return output == 2L * items
                ? new Result(elapsed, cpu, output)
                : throw new InvalidOperationException($"The Durable Task peer summed {output}, not {2L * items}.");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(isForced: true);
            }

            await storage.DisposeAsync();
        }
    }
}
