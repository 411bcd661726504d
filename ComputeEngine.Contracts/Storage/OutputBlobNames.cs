using System.Globalization;

namespace ComputeEngine.Contracts.Storage;

/// <summary>
/// Names of output blobs in the output container: <c>{instanceId}/{batch}-{first}-{pass}.jsonl</c>, one
/// blob per wave of a pass over a batch. Built by the worker, read back by the orchestrator's Event Grid fan-in.
/// </summary>
public static class OutputBlobNames
{
    private const string Extension = ".jsonl";

    /// <summary>
    /// A new name for one wave's outputs. Attempt counts cannot name it: a SIGTERM release gives an attempt
    /// back and a rewind resets them, so a later pass would reuse an earlier one's name. A random part makes
    /// every name its own, and the upload is create-only besides.
    /// </summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="firstIndex">The index of the wave's first item.</param>
    /// <returns>The blob name, relative to the output container.</returns>
    public static string New(string instanceId, int batch, int firstIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}/{batch:D8}-{firstIndex:D8}-{Guid.NewGuid():N}{Extension}");

    /// <summary>Reads the job and batch back out of an output blob's name.</summary>
    /// <param name="blobName">The name relative to the output container.</param>
    /// <param name="instanceId">The job.</param>
    /// <param name="batch">The batch.</param>
    /// <returns>Whether the name is one <see cref="New"/> makes.</returns>
    public static bool TryParse(string blobName, out string instanceId, out int batch)
    {
        (instanceId, batch) = ("", 0);
        var parts = blobName.Split('/');
        if (parts.Length != 2 || !InstanceIds.IsValid(parts[0]) || !parts[1].EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var dash = parts[1].IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(parts[1].AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out batch))
        {
            return false;
        }

        instanceId = parts[0];
        return true;
    }
}
