using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace ComputeEngine.Orchestrator.Accounting;

/// <summary>
/// Bits that say which items of a range of batches have been counted, kept in the job's partition so a
/// completion updates them and the header's counts in one transaction: a duplicate completion finds its
/// bits set and counts nothing.
/// </summary>
public sealed class Segment : ITableEntity
{
    /// <summary>Batches per segment: 64 batches of at most 100 items keep each bitmap under 1 KB.</summary>
    public const int BatchesPerSegment = 64;

    private const string RowPrefix = "seg|";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Items counted, succeeded or failed.</summary>
    public byte[] Done { get; set; } = [];

    /// <summary>Items counted as failed.</summary>
    public byte[] Failed { get; set; } = [];

    /// <summary>Items a rewind reset that still need to be dispatched again.</summary>
    public byte[] Rewind { get; set; } = [];

    /// <summary>Raised by each rewind; completions of older work messages are ignored.</summary>
    public int Generation { get; set; }

    public static int Of(int batch) => batch / BatchesPerSegment;

    public static string Row(int segment) => RowPrefix + segment.ToString("D6", CultureInfo.InvariantCulture);

    public int Number => int.Parse(RowKey.AsSpan(RowPrefix.Length), CultureInfo.InvariantCulture);

    public static Segment Create(string instanceId, int segment, int batchSize) => new()
    {
        PartitionKey = instanceId,
        RowKey = Row(segment),
        Done = new byte[Bits.BytesFor(BatchesPerSegment * batchSize)],
        Failed = new byte[Bits.BytesFor(BatchesPerSegment * batchSize)],
        Rewind = new byte[Bits.BytesFor(BatchesPerSegment * batchSize)],
    };

    /// <summary>The bit of item <paramref name="index"/> within its segment.</summary>
    public static int BitOf(int index, int batchSize) => index % (BatchesPerSegment * batchSize);

    public static int FirstIndex(int segment, int batchSize) => segment * BatchesPerSegment * batchSize;
}
