using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using ComputeEngine.Worker.Algorithms;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Worker.Processing;

/// <summary>Writes this replica's <see cref="WorkerHeartbeat"/> every few seconds, and a last one when it stops.</summary>
public sealed class HeartbeatService(
    StorageClients storage,
    WorkerActivity activity,
    AlgorithmRegistry algorithms,
    TimeProvider clock,
    IOptions<WorkerOptions> options,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly TableClient _workers = storage.Table(StorageNames.WorkersTable);
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            await BeatAsync(activity.Draining ? WorkerState.Draining : WorkerState.Running, stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await BeatAsync(WorkerState.Stopped, cancellationToken);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task BeatAsync(string state, CancellationToken cancellationToken)
    {
        try
        {
            using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
            await _workers.UpsertEntityAsync(new WorkerHeartbeat
            {
                RowKey = options.Value.Name,
                State = state,
                Host = Environment.MachineName,
                ProcessId = Environment.ProcessId,
                StartedAt = _startedAt,
                LastHeartbeat = clock.GetUtcNow(),
                RunningItems = activity.Running,
                RunningJobs = WorkerHeartbeat.FormatRunningJobs(activity.RunningByJob()),
                ItemsDone = activity.Done,
                ItemsFailed = activity.Failed,
                CurrentInstanceId = activity.CurrentInstanceId,
                CurrentItemId = activity.CurrentItemId,
                Concurrency = options.Value.Concurrency,
                Algorithms = string.Join(",", algorithms.Names.Order()),
            }, TableUpdateMode.Replace, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.HeartbeatFailed(logger, e);
        }
    }
}
