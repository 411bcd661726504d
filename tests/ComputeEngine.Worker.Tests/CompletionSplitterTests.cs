using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Worker.Processing;

namespace ComputeEngine.Worker.Tests;

public sealed class CompletionSplitterTests
{
    private const int QueueLimit = 64 * 1024;
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    // Every character escapes to six bytes in the message's JSON.
    private static readonly string NonAsciiError = string.Concat(Enumerable.Repeat("ошибка <модели> & 失败 \"+\" ", 100));

    [Theory]
    [InlineData(QueueMessageEncoding.None)]
    [InlineData(QueueMessageEncoding.Base64)]
    public void A_report_past_one_message_is_split_into_parts_that_each_fit_and_together_list_every_item_once(QueueMessageEncoding encoding)
    {
        var report = Report(
            succeeded: Enumerable.Range(0, 100).Where(i => i % 10 == 0),
            failed: Enumerable.Range(0, 100).Where(i => i % 10 != 0).Select(i => new ItemFailure(i, CompletionSplitter.BoundError(NonAsciiError + i), 5)));
        Assert.True(Encoding.UTF8.GetByteCount(Serialize(report)) > QueueLimit, "the report must be too big for one message");

        var bodies = CompletionSplitter.Split(report, QueueLimit, encoding);
        var parts = bodies.Select(b => JsonSerializer.Deserialize(b, ContractsJsonContext.Default.CompletionMessage)!).ToList();

        Assert.True(parts.Count > 1);
        Assert.All(bodies, b => Assert.InRange(SentBytes(b, encoding), 1, QueueLimit));
        Assert.All(parts, p => Assert.Equal((report.InstanceId, report.Batch, report.Generation, report.TraceParent), (p.InstanceId, p.Batch, p.Generation, p.TraceParent)));
        Assert.Equal(report.Succeeded, parts.SelectMany(p => p.Succeeded));
        Assert.Equal(report.Failed, parts.SelectMany(p => p.Failed));
        // Greedy packing: no two neighbouring parts would have fit as one.
        Assert.All(parts.Zip(parts.Skip(1)), pair => Assert.True(
            SentBytes(Serialize(report with { Succeeded = [.. pair.First.Succeeded, .. pair.Second.Succeeded], Failed = [.. pair.First.Failed, .. pair.Second.Failed] }), encoding) > QueueLimit));
    }

    [Fact]
    public void A_report_that_fits_is_sent_as_one_message_unchanged()
    {
        var report = Report(succeeded: [0, 1, 3], failed: [new ItemFailure(2, "InvalidOperationException: boom", 5)]);

        var bodies = CompletionSplitter.Split(report, QueueLimit, QueueMessageEncoding.Base64);

        Assert.Equal([Serialize(report)], bodies);
    }

    [Fact]
    public void A_part_is_cut_exactly_at_the_limit()
    {
        var report = Report(succeeded: Enumerable.Range(0, 100), failed: []);
        var whole = Encoding.UTF8.GetByteCount(Serialize(report));

        Assert.Single(CompletionSplitter.Split(report, whole, QueueMessageEncoding.None));
        Assert.Equal(2, CompletionSplitter.Split(report, whole - 1, QueueMessageEncoding.None).Count);
    }

    [Fact]
    public void An_item_that_alone_does_not_fit_fails_loudly_instead_of_being_sent()
    {
        var report = Report(succeeded: [], failed: [new ItemFailure(0, CompletionSplitter.BoundError(NonAsciiError), 5)]);

        var error = Assert.Throws<CompletionTooLargeException>(() => CompletionSplitter.Split(report, 500, QueueMessageEncoding.None));

        Assert.Contains("batch 7 of job job-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_item_with_the_longest_error_and_the_longest_job_id_always_fits()
    {
        var worst = new CompletionMessage(new string('j', 100), int.MaxValue, int.MaxValue, [], [new ItemFailure(int.MaxValue, CompletionSplitter.BoundError(NonAsciiError), int.MaxValue)], TraceParent);

        var bodies = CompletionSplitter.Split(worst, QueueLimit, QueueMessageEncoding.Base64);

        Assert.InRange(SentBytes(Assert.Single(bodies), QueueMessageEncoding.Base64), 1, CompletionSplitter.MaxErrorBytes + 1024);
    }

    [Theory]
    [InlineData(2048, 'é')] // escapes to six bytes
    [InlineData(2048, '<')] // escapes to six bytes
    [InlineData(2048, 'a')]
    [InlineData(299, 'é')]
    public void An_error_is_bounded_by_its_escaped_size_and_its_length(int length, char character)
    {
        var bounded = CompletionSplitter.BoundError(new string(character, length));

        Assert.InRange(EscapedBytes(bounded), 1, CompletionSplitter.MaxErrorBytes);
        Assert.InRange(bounded.Length, 1, CompletionSplitter.MaxErrorChars + 1);
        Assert.EndsWith("…", bounded, StringComparison.Ordinal);
        Assert.StartsWith(new string(character, bounded.Length - 1), bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_error_is_kept_whole()
    {
        var error = "InvalidOperationException: ошибка <модели>";

        Assert.Equal(error, CompletionSplitter.BoundError(error));
        Assert.Equal(new string('a', CompletionSplitter.MaxErrorChars), CompletionSplitter.BoundError(new string('a', CompletionSplitter.MaxErrorChars)));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair_and_a_lone_surrogate_is_replaced()
    {
        var emoji = CompletionSplitter.BoundError(string.Concat(Enumerable.Repeat("😀", 500)));
        var lone = CompletionSplitter.BoundError("cut here \ud83d");

        Assert.Equal(emoji.Length - 1, emoji.EnumerateRunes().Count(r => r.Value == 0x1F600) * 2);
        Assert.Equal("cut here \ufffd", lone);
        Assert.Single(CompletionSplitter.Split(Report([], [new ItemFailure(0, lone, 1)]), QueueLimit, QueueMessageEncoding.None));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(49_152, QueueLimit)]
    public void Base64_counts_four_bytes_for_every_three(int utf8Bytes, int expected)
    {
        Assert.Equal(expected, CompletionSplitter.EncodedBytes(utf8Bytes, QueueMessageEncoding.Base64));
        Assert.Equal(utf8Bytes, CompletionSplitter.EncodedBytes(utf8Bytes, QueueMessageEncoding.None));
    }

    private static CompletionMessage Report(IEnumerable<int> succeeded, IEnumerable<ItemFailure> failed) =>
        new("job-1", 7, 2, [.. succeeded], [.. failed], TraceParent);

    private static string Serialize(CompletionMessage message) => JsonSerializer.Serialize(message, ContractsJsonContext.Default.CompletionMessage);

    private static int SentBytes(string body, QueueMessageEncoding encoding) => encoding == QueueMessageEncoding.Base64
        ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)).Length
        : Encoding.UTF8.GetByteCount(body);

    private static int EscapedBytes(string text) => JsonSerializer.SerializeToUtf8Bytes(text).Length - 2;
}
