using System.Globalization;

namespace ComputeEngine.Contracts.Storage;

/// <summary>
/// Keys of the Items table. A batch is one partition so that a worker claims and settles all of a
/// batch's items in one entity-group transaction; zero-padded keys keep a job's items in index order.
/// </summary>
public static class ItemKeys
{
    // '|' cannot occur in an instance id (see InstanceIds), so one job's partitions never interleave with another's.
    private const char Separator = '|';

    /// <summary>The partition key of one batch of a job.</summary>
    /// <param name="instanceId">The job's instance id.</param>
    /// <param name="batch">The batch number.</param>
    /// <returns>The partition key.</returns>
    public static string Partition(string instanceId, int batch) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}{Separator}{batch:D8}");

    /// <summary>The job a batch partition belongs to.</summary>
    /// <param name="partition">A partition key made by <see cref="Partition"/>.</param>
    /// <returns>The job's instance id.</returns>
    public static string InstanceId(string partition) => partition[..partition.LastIndexOf(Separator)];

    /// <summary>The row key of one item.</summary>
    /// <param name="index">The item's index in the job.</param>
    /// <returns>The row key.</returns>
    public static string Row(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Parses a row key back into the item's index.</summary>
    /// <param name="rowKey">The row key.</param>
    /// <returns>The item's index.</returns>
    public static int Index(string rowKey) => int.Parse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A filter selecting every item partition of one job, in index order.</summary>
    /// <param name="instanceId">The job's instance id.</param>
    /// <returns>An OData filter.</returns>
    public static string JobFilter(string instanceId) =>
        $"PartitionKey ge '{instanceId}{Separator}' and PartitionKey lt '{instanceId}{(char)(Separator + 1)}'";
}
