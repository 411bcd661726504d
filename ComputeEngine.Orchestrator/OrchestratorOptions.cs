using System.ComponentModel.DataAnnotations;

namespace ComputeEngine.Orchestrator;

/// <summary>Limits and tuning of the orchestrator, bound from the <c>Orchestrator</c> section.</summary>
public sealed class OrchestratorOptions
{
    public const string Section = "Orchestrator";

    /// <summary>The largest job accepted.</summary>
    [Range(1, 10_000_000)]
    public int MaxItemsPerJob { get; set; } = 1_000_000;

    /// <summary>
    /// The largest request body accepted (413 beyond). A start holds its body about once (see
    /// <see cref="MaxConcurrentLargeStarts"/>): with the defaults a replica peaks near its idle size plus
    /// 2 × 64 MiB, well inside the chart's 512 Mi limit.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How many start bodies over 1 MiB a replica reads at once; more wait their turn.</summary>
    [Range(1, 64)]
    public int MaxConcurrentLargeStarts { get; set; } = 2;

    /// <summary>Most items in one work message (a Table transaction holds 100 actions).</summary>
    [Range(1, 100)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// Fewest messages a job is split into, so KEDA (which counts messages, not items) sees enough work
    /// to scale out even for small jobs.
    /// </summary>
    [Range(1, 100_000)]
    public int MinMessagesPerJob { get; set; } = 50;

    /// <summary>
    /// Algorithms to accept besides those workers have written into the catalogue: for a deployment whose
    /// workers (scaled to zero) have not started since they gained an algorithm.
    /// </summary>
    public List<string> Algorithms { get; set; } = [];

    /// <summary>Optional key required on every API call (<c>code</c> or <c>x-functions-key</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long a replica owns a job's fan-out before another may take it over.</summary>
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Batches of one job the fan-out keeps on the work queue or in workers' hands beyond what the fan-in has
    /// counted. The queue is FIFO: a job sent whole would put every later job behind all of it, so each job
    /// gets a window and jobs interleave. Large enough to keep the workers fed between two counts.
    /// </summary>
    [Range(1, 100_000)]
    public int DispatchWindow { get; set; } = 24;

    /// <summary>
    /// The window measured in time: once a job's items are being counted, its window grows to what the fan-in
    /// counted of it in the last this long (never below <see cref="DispatchWindow"/> batches). The window counts items until
    /// the fan-in has counted them, so it must cover the time from dispatch to count, which grows as storage
    /// saturates; a fixed 24 batches left workers idle (a 10,000-item job ran at 1,018 items/s against 1,511 unbounded).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DispatchWindowTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The window of a job while a job of higher priority is being fanned out: it keeps going, slowly.</summary>
    [Range(1, 100_000)]
    public int OutrankedDispatchWindow { get; set; } = 1;

    /// <summary>
    /// How long at most a new job's first window outranks the jobs of its priority or lower that started before it
    /// (they narrow to <see cref="OutrankedDispatchWindow"/> until that window is counted): their batches already
    /// on the queue and in workers' hands drain without more behind them, so the new job's batches are next and its
    /// storage requests meet less of theirs. Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NewJobPrecedence { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a fan-out whose window is full looks whether the fan-in has counted enough to send more. It looks
    /// in the header cache (a storage read at most once per <see cref="StatusCacheMaxAge"/>), so looking often costs
    /// no storage; looking every 100 ms left the workers short while a job's window was still small (its first
    /// seconds): a 10,000-item job ran 9 % slower windowed than unbounded, against 11 % faster at 20 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan DispatchWindowPoll { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often unfinished fan-outs are looked for (after a crash or on another replica).</summary>
    public TimeSpan DispatchScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinPollingDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxPollingDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After this replica sends work or counts completions, it polls the completions queue at
    /// <see cref="MinPollingDelay"/> for this long, so a short job ends within milliseconds of its last
    /// item instead of after a backed-off poll. Idle, it backs off to <see cref="MaxPollingDelay"/>.
    /// </summary>
    public TimeSpan FanInAttentiveFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How old a cached header may be when it answers a status query (zero: always read storage).</summary>
    public TimeSpan StatusCacheMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A completion that fails this often is moved to the poison queue.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>
    /// Whether this replica counts completions from the completions queue. Off only where Event Grid's
    /// BlobCreated events are the sole fan-in (and in the test that proves that path on its own).
    /// </summary>
    public bool ListenToCompletionQueue { get; set; } = true;

    /// <summary>
    /// How long a fanned-out Running job may go without progress before its item rows are recounted: a
    /// completion lost on the way (poisoned, deleted, or never sent, as with an Event Grid-only fan-in)
    /// would otherwise leave it Running for good.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often jobs stalled for <see cref="ReconcileAfter"/> are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconcileScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many <c>results?follow=true</c> streams a replica holds open at once (429 beyond).</summary>
    [Range(1, 10_000)]
    public int MaxFollowers { get; set; } = 32;

    /// <summary>A followed results stream still open after this long is cut, so its client sees it incomplete and follows again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxFollowDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The <c>Retry-After</c> seconds suggested to pollers of a running job.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}
