namespace ComputeEngine.Dashboard.Orchestrator;

/// <summary>What the pages read off a job besides what the API sends: counts from its progress or its summary.</summary>
public static class InstanceStatusExtensions
{
    extension(InstanceStatus job)
    {
        /// <summary>Item count; negative while a blob-prefix job is still listing its inputs.</summary>
        public int Total => job.CustomStatus?.Total ?? job.Output?.Total ?? 0;

        public int Dispatched => job.CustomStatus?.Dispatched ?? 0;

        public int Succeeded => job.CustomStatus?.Succeeded ?? job.Output?.Succeeded ?? 0;

        public int Failed => job.CustomStatus?.Failed ?? job.Output?.Failed ?? 0;

        public int Done => job.Succeeded + job.Failed;

        public bool IsFinal => RuntimeStatus.IsFinal(job.RuntimeStatus);
    }
}

/// <summary>Whether an item will change again.</summary>
public static class ItemViewExtensions
{
    extension(ItemView item)
    {
        public bool IsFinal => ComputeEngine.Contracts.Storage.ItemStatus.IsFinal(item.Status);
    }
}

/// <summary>A page of jobs and the token of the next page.</summary>
public sealed record JobPage(IReadOnlyList<InstanceStatus> Jobs, string? ContinuationToken);

/// <summary>What an action did, worded for the user.</summary>
public sealed record ActionOutcome(bool Succeeded, string Message, string? InstanceId = null);
