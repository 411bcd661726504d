using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;

namespace ComputeEngine.Worker.Processing;

/// <summary>
/// Cuts one batch's report into completion message bodies that each fit a queue message, measured as the
/// queue receives them: JSON whose encoder escapes non-ASCII and <c>&lt;&gt;&amp;'"+</c> to six bytes each,
/// then base64 if the client encodes it. The orchestrator counts each item once whatever message brings
/// it, so any cut is safe; every part keeps the report's job, batch, generation and trace.
/// </summary>
public static class CompletionSplitter
{
    /// <summary>Most characters of an error a completion carries; the job keeps the first errors in its summary.</summary>
    public const int MaxErrorChars = 300;

    /// <summary>Most bytes an error takes once escaped, so that one item always fits a message.</summary>
    public const int MaxErrorBytes = 1024;

    /// <summary>The bodies to send, in item order within each list.</summary>
    /// <exception cref="CompletionTooLargeException">One item alone does not fit; sending could never succeed.</exception>
    public static IReadOnlyList<string> Split(CompletionMessage report, int maxMessageBytes, QueueMessageEncoding encoding)
    {
        var envelope = Utf8Bytes(report with { Succeeded = [], Failed = [] });
        var entries = report.Succeeded.Select(i => (Index: i, Failure: (ItemFailure?)null, Bytes: i.ToString(CultureInfo.InvariantCulture).Length))
            .Concat(report.Failed.Select(f => (f.Index, Failure: (ItemFailure?)f, Bytes: JsonSerializer.SerializeToUtf8Bytes(f, ContractsJsonContext.Default.ItemFailure).Length)));
        var bodies = new List<string>();
        var (succeeded, failed, size) = (new List<int>(), new List<ItemFailure>(), envelope);
        foreach (var (index, failure, bytes) in entries)
        {
            // An entry after the first of its array also takes a comma.
            var added = bytes + ((failure is null ? succeeded.Count : failed.Count) > 0 ? 1 : 0);
            if (succeeded.Count + failed.Count > 0 && EncodedBytes(size + added, encoding) > maxMessageBytes)
            {
                bodies.Add(Body(report, succeeded, failed, maxMessageBytes, encoding));
                (succeeded, failed, size, added) = ([], [], envelope, bytes);
            }

            if (failure is null)
            {
                succeeded.Add(index);
            }
            else
            {
                failed.Add(failure);
            }

            size += added;
        }

        if (succeeded.Count + failed.Count > 0)
        {
            bodies.Add(Body(report, succeeded, failed, maxMessageBytes, encoding));
        }

        return bodies;
    }

    /// <summary>Cuts an error to <see cref="MaxErrorChars"/> characters and <see cref="MaxErrorBytes"/> escaped bytes.</summary>
    public static string BoundError(string error) => EscapedText.Cut(error, MaxErrorChars, MaxErrorBytes);

    /// <summary>What the queue counts against its limit for <paramref name="utf8Bytes"/> bytes of text.</summary>
    public static int EncodedBytes(int utf8Bytes, QueueMessageEncoding encoding) =>
        encoding == QueueMessageEncoding.Base64 ? (utf8Bytes + 2) / 3 * 4 : utf8Bytes;

    private static string Body(CompletionMessage report, List<int> succeeded, List<ItemFailure> failed, int maxMessageBytes, QueueMessageEncoding encoding)
    {
        var body = JsonSerializer.Serialize(report with { Succeeded = succeeded, Failed = failed }, ContractsJsonContext.Default.CompletionMessage);
        var size = EncodedBytes(Encoding.UTF8.GetByteCount(body), encoding);
        return size <= maxMessageBytes
            ? body
            : throw new CompletionTooLargeException(
                $"A completion of batch {report.Batch} of job {report.InstanceId} with {succeeded.Count + failed.Count} item(s) is {size} bytes, " +
                $"over the queue's limit of {maxMessageBytes}; it can never be sent.");
    }

    private static int Utf8Bytes(CompletionMessage report) =>
        JsonSerializer.SerializeToUtf8Bytes(report, ContractsJsonContext.Default.CompletionMessage).Length;
}

/// <summary>A completion that no cut can fit into a queue message: the work message must fail visibly, not loop.</summary>
public sealed class CompletionTooLargeException(string message) : Exception(message);
