using ComputeEngine.Dashboard.Cluster;
using ComputeEngine.Dashboard.Orchestrator;
using ComputeEngine.Dashboard.Storage;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Metrics;

/// <summary>
/// Reads queue length, workers, the cluster and active jobs every <see cref="DashboardOptions.SampleInterval"/>,
/// keeps the last minutes for the charts and pushes each reading to the pages that listen.
/// </summary>
public sealed class LiveSampler(
    IServiceProvider services,
    SampleHistory history,
    TimeProvider time,
    IOptions<DashboardOptions> options,
    ILogger<LiveSampler> logger) : BackgroundService
{
    // A job that left the active list is read once more for its final count; a burst of them is capped.
    private const int MaxFinalReadsPerSample = 20;
    private const int MaxActiveJobs = 1000;

    // Storage clients retry for half a minute; a reading must not wait that long for one slow source.
    private static readonly TimeSpan SourceTimeout = TimeSpan.FromSeconds(5);

    // ITEMS/S over the last seconds: a 300-item job done within one reading must not show as 0 a second later.
    private readonly CompletionCounter _counter = new(TimeSpan.FromSeconds(5));
    private ClusterSnapshot _cluster = new(ClusterMode.Standalone, "", [], [], null);
    private bool _announced;

    /// <summary>Raised on the sampler's thread after every reading.</summary>
    public event Action<OverviewSample>? Sampled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                var sample = await SampleAsync(stoppingToken);
                history.Add(sample);
                Sampled?.Invoke(sample);
                if (!_announced)
                {
                    Log.ClusterMode(logger, sample.Cluster.Mode.ToString(), sample.Cluster.Description);
                    _announced = true;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is HttpRequestException or OrchestratorException or TaskCanceledException)
            {
                // Refused or timed out: OrchestratorHealth says so once in a line; a stack trace each tick says nothing more.
                Log.SampleFailedBriefly(logger, e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.SampleFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<OverviewSample> SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var storage = ReadStorageAsync(cancellationToken);
        var cluster = ReadClusterAsync(cancellationToken);
        var jobs = ReadJobsAsync(cancellationToken);
        var (queues, workers, storageError) = await storage;
        var (active, rate, jobsError) = await jobs;
        return new(now, queues, workers, await cluster, active, rate, storageError, jobsError);
    }

    private async Task<(QueueLengths?, IReadOnlyList<WorkerView>, string?)> ReadStorageAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceTimeout);
        try
        {
            var queues = services.GetRequiredService<QueueMetrics>().ReadAsync(timeout.Token);
            var workers = services.GetRequiredService<WorkerDirectory>().ReadAsync(timeout.Token);
            return (await queues, await workers, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.StorageReadFailed(logger, e.Message);
            return (null, [], "Storage did not answer: " + e.Message);
        }
    }

    private async Task<ClusterSnapshot> ReadClusterAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceTimeout);
        try
        {
            return _cluster = await services.GetRequiredService<IClusterView>().ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return _cluster with { Error = $"The cluster did not answer within {SourceTimeout.TotalSeconds:0} s." };
        }
    }

    private async Task<(IReadOnlyList<InstanceStatus>?, double?, string?)> ReadJobsAsync(CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<OrchestratorClient>();
        try
        {
            var askedAt = time.GetUtcNow();
            var page = await client.ListAsync(new JobFilter(RuntimeStatus.Active, null, null, null), MaxActiveJobs, null, cancellationToken);
            // Timed when the counts arrive, not when the reading began: a slow answer must not inflate the rate.
            var observed = time.GetUtcNow();
            var counts = page.Jobs.Select(j => new JobCount(j.InstanceId, j.Done, j.CreatedTime, Final: false)).ToList();
            var active = page.Jobs.Select(j => j.InstanceId).ToHashSet(StringComparer.Ordinal);
            foreach (var id in _counter.Known.Where(id => !active.Contains(id)).Take(MaxFinalReadsPerSample).ToList())
            {
                if (await client.GetAsync(id, showHistory: false, cancellationToken) is { } job)
                {
                    counts.Add(new(job.InstanceId, job.Done, job.CreatedTime, job.IsFinal));
                }
            }

            if (_counter.CreatedSince is { } since)
            {
                // A job created and finished between two readings was never active in a list: find it by creation time.
                var over = await client.ListAsync(new JobFilter([RuntimeStatus.Completed, RuntimeStatus.Failed, RuntimeStatus.Terminated], since, null, null), MaxActiveJobs, null, cancellationToken);
                counts.AddRange(over.Jobs.Where(j => !active.Contains(j.InstanceId) && !_counter.Known.Contains(j.InstanceId))
                    .Select(j => new JobCount(j.InstanceId, j.Done, j.CreatedTime, Final: true)));
            }

            var rate = _counter.Observe(askedAt, observed, counts);
            return ([.. page.Jobs.OrderByDescending(j => j.CreatedTime)], rate, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable is already noted by the health tracker (pages show the banner); a refusal (401) is shown as is.
            Log.OrchestratorReadFailed(logger, e.Message);
            return (null, null, e.Message);
        }
    }
}
