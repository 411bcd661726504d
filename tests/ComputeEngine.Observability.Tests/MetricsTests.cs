using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Observability.Tests;

[Collection(ObservedJobCollection.Name)]
public sealed class MetricsTests(ObservedJob job) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Orchestrator_counts_each_item_once_by_outcome()
    {
        var scrape = await PrometheusScrape.ReadUntilAsync(_http, job.Engine.OrchestratorPort,
            s => s.Sum("computeengine_items_counted_total") >= ObservedJob.Items, Patience, _timeout.Token);

        var status = job.FinalStatus.GetProperty("customStatus");

        Assert.Equal("Failed", job.FinalStatus.GetProperty("runtimeStatus").GetString());
        Assert.Equal(ObservedJob.Succeeded, status.GetProperty("succeeded").GetInt32());
        Assert.Equal(ObservedJob.Failing, status.GetProperty("failed").GetInt32());
        Assert.Equal(ObservedJob.Succeeded, scrape.Sum("computeengine_items_counted_total", ("outcome", "succeeded")));
        Assert.Equal(ObservedJob.Failing, scrape.Sum("computeengine_items_counted_total", ("outcome", "failed")));
        Assert.Equal(ObservedJob.Items, scrape.Sum("computeengine_items_dispatched_total"));
        Assert.Equal(1, scrape.Sum("computeengine_jobs_started_total"));
        Assert.Equal(1, scrape.Sum("computeengine_jobs_finished_total", ("status", "Failed")));
    }

    [Fact]
    public async Task Worker_counts_every_attempt_by_outcome_and_the_one_that_spends_the_budget_as_failed()
    {
        var scrape = await PrometheusScrape.ReadUntilAsync(_http, job.WorkerPort,
            s => s.Sum("computeengine_worker_items_total") >= ObservedJob.Attempts, Patience, _timeout.Token);

        string ByOutcome(double succeeded, double retrying, double failed) => $"succeeded={succeeded} retrying={retrying} failed={failed}";

        Assert.Equal(ObservedJob.Attempts, scrape.Sum("computeengine_worker_items_total"));
        Assert.Equal(
            ByOutcome(ObservedJob.Succeeded, ObservedJob.Failing * (ObservedJob.MaxAttempts - 1), ObservedJob.Failing),
            ByOutcome(
                scrape.Sum("computeengine_worker_items_total", ("outcome", "succeeded")),
                scrape.Sum("computeengine_worker_items_total", ("outcome", "retrying")),
                scrape.Sum("computeengine_worker_items_total", ("outcome", "failed"))));
    }

    [Fact]
    public async Task Worker_histograms_record_the_run_time_and_queue_wait_of_every_attempt()
    {
        var scrape = await PrometheusScrape.ReadUntilAsync(_http, job.WorkerPort,
            s => s.Sum("computeengine_worker_item_duration_milliseconds_count") >= ObservedJob.Attempts, Patience, _timeout.Token);

        Assert.Equal(ObservedJob.Attempts, scrape.Sum("computeengine_worker_item_duration_milliseconds_count", ("algorithm", "sleep")));
        Assert.True(scrape.Sum("computeengine_worker_item_duration_milliseconds_sum") >= ObservedJob.Attempts, "every attempt sleeps at least 1 ms");
        Assert.Equal(ObservedJob.Attempts, scrape.Sum("computeengine_worker_item_duration_milliseconds_bucket", ("le", "+Inf")));
        Assert.Equal(ObservedJob.Attempts, scrape.Sum("computeengine_worker_item_queue_wait_milliseconds_count"));
        Assert.True(scrape.Sum("computeengine_worker_item_queue_wait_milliseconds_sum") > 0, "items wait in the queue before they run");
        Assert.True(scrape.Has("computeengine_worker_items_active"), "computeengine.worker.items.active is missing");
        Assert.Equal(0, scrape.Sum("computeengine_worker_items_active"));
    }

    [Fact]
    public async Task Both_services_count_their_storage_requests_by_service()
    {
        var orchestrator = await PrometheusScrape.ReadAsync(_http, job.Engine.OrchestratorPort, _timeout.Token);
        var worker = await PrometheusScrape.ReadAsync(_http, job.WorkerPort, _timeout.Token);

        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.True(orchestrator.Sum("computeengine_storage_requests_total", ("service", service)) > 0, $"orchestrator sent no {service} request");
        }

        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.True(worker.Sum("computeengine_storage_requests_total", ("service", service)) > 0, $"worker sent no {service} request");
        }
    }

    [Fact]
    public async Task Orchestrator_gauges_show_the_queues_the_live_worker_and_the_failed_job()
    {
        // The gauges are sampled from storage every 5 s.
        var scrape = await PrometheusScrape.ReadUntilAsync(_http, job.Engine.OrchestratorPort,
            s => s.Sum("computeengine_jobs", ("status", "Failed")) >= 1 && s.Sum("computeengine_workers_active") >= 1, Patience, _timeout.Token);

        Assert.True(scrape.Has("computeengine_queue_length", ("queue", StorageNames.WorkQueue)), "no queue length for the work queue");
        Assert.True(scrape.Has("computeengine_queue_length", ("queue", StorageNames.CompletionQueue)), "no queue length for the completion queue");
        Assert.Equal(1, scrape.Sum("computeengine_workers_active"));
        Assert.Equal(1, scrape.Sum("computeengine_jobs", ("status", "Failed")));
        Assert.Equal(0, scrape.Sum("computeengine_jobs", ("status", "Running")));
    }

    [Fact]
    public void Metrics_are_pushed_by_OTLP_as_well()
    {
        Assert.True(job.Receiver.MetricExports > 0, "no OTLP metrics export arrived");
    }
}
