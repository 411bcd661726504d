namespace ComputeEngine.Contracts.Storage;

/// <summary>Names of the queues, containers and tables every service agrees on.</summary>
public static class StorageNames
{
    /// <summary>Queue of <see cref="Messages.WorkMessage"/>: what KEDA scales the workers on.</summary>
    public const string WorkQueue = "work-items";

    /// <summary>Work messages that could not be processed, with the reason.</summary>
    public const string WorkPoisonQueue = "work-items-poison";

    /// <summary>Queue of <see cref="Messages.CompletionMessage"/>: the fan-in to the orchestrator.</summary>
    public const string CompletionQueue = "completions";

    /// <summary>Completion messages the orchestrator could not apply, with the reason.</summary>
    public const string CompletionPoisonQueue = "completions-poison";

    /// <summary>Container for job inputs: request bodies, claim-checked batches and user-uploaded input blobs.</summary>
    public const string InputContainer = "input";

    /// <summary>Container for outputs, one JSON-lines blob per processing pass of a batch.</summary>
    public const string OutputContainer = "output";

    /// <summary>Table of job headers and their accounting segments, one partition per job.</summary>
    public const string InstancesTable = "Instances";

    /// <summary>Table of item records, one partition per batch of a job.</summary>
    public const string ItemsTable = "Items";

    /// <summary>Table of worker heartbeats.</summary>
    public const string WorkersTable = "Workers";

    /// <summary>All queues.</summary>
    public static IReadOnlyList<string> Queues { get; } = [WorkQueue, WorkPoisonQueue, CompletionQueue, CompletionPoisonQueue];

    /// <summary>All blob containers.</summary>
    public static IReadOnlyList<string> Containers { get; } = [InputContainer, OutputContainer];

    /// <summary>All tables.</summary>
    public static IReadOnlyList<string> Tables { get; } = [InstancesTable, ItemsTable, WorkersTable];
}
