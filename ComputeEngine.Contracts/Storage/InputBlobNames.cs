using System.Globalization;

namespace ComputeEngine.Contracts.Storage;

/// <summary>
/// Names of the blobs the engine writes in the input container for a job, all under <see cref="InternalFolder"/>,
/// away from the users' own input blobs (a start request may not name a prefix inside it).
/// </summary>
public static class InputBlobNames
{
    /// <summary>The folder of the engine's own blobs.</summary>
    public const string InternalFolder = "_jobs/";

    /// <summary>The folder of one job's blobs: what its purge deletes.</summary>
    /// <param name="instanceId">The job.</param>
    /// <returns>The folder, ending in '/'.</returns>
    public static string JobFolder(string instanceId) => $"{InternalFolder}{instanceId}/";

    /// <summary>A job's stored inputs: the inline inputs, or the names a blob prefix matched at the start.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="upload">Makes each upload's name its own.</param>
    /// <returns>The blob name.</returns>
    public static string Inputs(string instanceId, Guid upload) => $"{JobFolder(instanceId)}inputs-{upload:N}.json";

    /// <summary>The claim-check blob of one batch's inputs.</summary>
    /// <param name="instanceId">The job.</param>
    /// <param name="batch">The batch.</param>
    /// <returns>The blob name.</returns>
    public static string Batch(string instanceId, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobFolder(instanceId)}batches/{batch:D8}.json");

    /// <summary>Where a restart keeps the inputs it carries over until the new job owns them.</summary>
    /// <param name="upload">Makes each restart's name its own.</param>
    /// <returns>The blob name.</returns>
    public static string RestartStash(Guid upload) => $"{InternalFolder}restart-{upload:N}.json";
}
