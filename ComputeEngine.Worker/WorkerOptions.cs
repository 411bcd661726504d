using System.ComponentModel.DataAnnotations;
using ComputeEngine.Worker.Algorithms;

namespace ComputeEngine.Worker;

/// <summary>Tuning of a worker replica, bound from the <c>Worker</c> section.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>This replica's name in item rows and heartbeats.</summary>
    public string Name { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Items run at once by this replica.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 8;

    /// <summary>Work messages held at once (each is a batch of items).</summary>
    [Range(1, 256)]
    public int MaxMessagesInFlight { get; set; } = 8;

    /// <summary>Attempts per item before it is failed and its message goes to the poison queue.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A message received more often than this is set aside even if its items never got claimed.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 20;

    /// <summary>How often a running pass looks whether its job was suspended or terminated (its status is cached up to 2 s more).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan JobStatusRecheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a batch of a suspended job is looked at again.</summary>
    public TimeSpan SuspendedRecheck { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How far ahead of its running items a replica claims, in time: a claim charges an attempt, so one
    /// death charges at most what the replica could have started within this long (see <c>ClaimBudget</c>).
    /// </summary>
    public TimeSpan ClaimAhead { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a wave still running writes which of its claimed items have started (Claimed → Running).
    /// A wave that ends sooner, as waves of fast items do, costs no write for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RunningStatusInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An attempt running longer than this is cancelled and counted as failed.</summary>
    public TimeSpan ItemTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a received message stays invisible; renewed while its items run.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Delay before the first retry; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan MinPollingDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The idle polling ceiling: the worst wait of a new job for its first pickup. Five receives a second
    /// per idle replica cost little, and KEDA takes idle replicas away entirely.
    /// </summary>
    public TimeSpan MaxPollingDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long SIGTERM waits for running items before releasing them to other replicas.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, the replica stops by itself once its queue has been empty and nothing has run for this
    /// long: what a KEDA ScaledJob's pods need, since each Job must end on its own.
    /// </summary>
    public TimeSpan? ExitWhenIdleAfter { get; set; }

    /// <summary>Whether the <c>sleep</c> algorithm obeys its fault-injection fields (tests turn this on; production leaves it off).</summary>
    public bool FaultInjection { get; set; }

    /// <summary>External-process algorithms by name.</summary>
    public Dictionary<string, ProcessAlgorithmOptions> Processes { get; set; } = [];
}
