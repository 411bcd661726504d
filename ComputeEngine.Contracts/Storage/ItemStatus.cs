namespace ComputeEngine.Contracts.Storage;

/// <summary>The states of one item; Succeeded and Failed are final.</summary>
public static class ItemStatus
{
    /// <summary>Enqueued, not yet claimed (or released for a retry).</summary>
    public const string Pending = "Pending";

    /// <summary>Claimed by a worker, which has not (as far as it has written) started running it: it waits for a slot.</summary>
    public const string Claimed = "Claimed";

    /// <summary>Running on a worker.</summary>
    public const string Running = "Running";

    /// <summary>Output written.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>Failed after its attempt budget, or rejected.</summary>
    public const string Failed = "Failed";

    /// <summary>Every status, in the order a user reads them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Claimed, Running, Succeeded, Failed];

    /// <summary>Whether <paramref name="status"/> is final.</summary>
    /// <param name="status">An item status.</param>
    /// <returns>True for Succeeded and Failed.</returns>
    public static bool IsFinal(string? status) => status is Succeeded or Failed;

    /// <summary>Whether <paramref name="status"/> says a worker holds the item (claimed or running).</summary>
    /// <param name="status">An item status.</param>
    /// <returns>True for Claimed and Running.</returns>
    public static bool IsHeld(string? status) => status is Claimed or Running;
}
