using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.ServiceDefaults.Storage;

/// <summary>
/// A worker replica's last report of itself in the Workers table, written every few seconds, so the
/// dashboard can show replicas in any environment (locally, on AKS) without asking the workers.
/// </summary>
public sealed class WorkerHeartbeat : ITableEntity
{
    /// <summary>The single partition of the Workers table: replicas are few.</summary>
    public const string Partition = "workers";

    /// <summary>
    /// A heartbeat older than this is a replica gone: several beats missed. The one cutoff every reader uses
    /// (<see cref="LiveWorkers"/>); not shorter, or a replica busy with a slow storage call would flicker out.
    /// </summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public string PartitionKey { get; set; } = Partition;

    /// <summary>The worker's name.</summary>
    public string RowKey { get; set; } = "";

    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc />
    public ETag ETag { get; set; }

    /// <summary>Running, Draining or Stopped.</summary>
    public string State { get; set; } = WorkerState.Running;

    /// <summary>The machine (the pod, in Kubernetes).</summary>
    public string Host { get; set; } = "";

    /// <summary>The process id.</summary>
    public int ProcessId { get; set; }

    /// <summary>When the replica started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When it last reported.</summary>
    public DateTimeOffset LastHeartbeat { get; set; }

    /// <summary>Items running now.</summary>
    public int RunningItems { get; set; }

    /// <summary>Items running now per job, as a JSON object of instance id to count: how a stopped job's last items are seen to end.</summary>
    public string? RunningJobs { get; set; }

    /// <summary>Items settled since start (succeeded or failed).</summary>
    public long ItemsDone { get; set; }

    /// <summary>Items whose attempt failed since start.</summary>
    public long ItemsFailed { get; set; }

    /// <summary>The job of the batch it worked on last.</summary>
    public string? CurrentInstanceId { get; set; }

    /// <summary>The item it started last.</summary>
    public int? CurrentItemId { get; set; }

    /// <summary>Items it runs at once.</summary>
    public int Concurrency { get; set; }

    /// <summary>The algorithms it can run, comma-separated.</summary>
    public string Algorithms { get; set; } = "";

    /// <summary>Whether the replica is live at <paramref name="now"/>: it beat within <paramref name="freshFor"/> and its last beat is not the Stopped one it writes on the way out.</summary>
    /// <param name="now">The time it is judged at.</param>
    /// <param name="freshFor">The cutoff; <see cref="FreshFor"/> unless a caller judges by another.</param>
    /// <returns>True while live.</returns>
    public bool IsLive(DateTimeOffset now, TimeSpan? freshFor = null) =>
        State != WorkerState.Stopped && now - LastHeartbeat <= (freshFor ?? FreshFor);

    /// <summary>Writes <see cref="RunningJobs"/> from the replica's running items per job.</summary>
    /// <param name="byJob">Instance id to items running.</param>
    /// <returns>The JSON, or null when nothing runs.</returns>
    public static string? FormatRunningJobs(IReadOnlyDictionary<string, int> byJob) =>
        byJob.Count == 0 ? null : JsonSerializer.Serialize(byJob.ToDictionary(), ContractsJsonContext.Default.DictionaryStringInt32);

    /// <summary>The items this replica reported running, per job.</summary>
    /// <returns>Instance id to count; empty when none or unreadable.</returns>
    public IReadOnlyDictionary<string, int> RunningByJob()
    {
        if (RunningJobs is null)
        {
            return new Dictionary<string, int>();
        }

        try
        {
            return JsonSerializer.Deserialize(RunningJobs, ContractsJsonContext.Default.DictionaryStringInt32) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, int>();
        }
    }
}
