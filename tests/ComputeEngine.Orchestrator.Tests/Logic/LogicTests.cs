using ComputeEngine.Contracts.Api;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Accounting;
using ComputeEngine.Orchestrator.EventGrid;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Tests.Logic;

public sealed class LogicTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bits_set_clear_and_list()
    {
        var bits = new byte[Bits.BytesFor(20)];

        Bits.Set(bits, 0);
        Bits.Set(bits, 9);
        Bits.Set(bits, 19);
        Bits.Clear(bits, 9);

        Assert.Equal(3, bits.Length);
        Assert.Equal([0, 19], Bits.Ones(bits));
        Assert.True(Bits.Get(bits, 19));
        Assert.False(Bits.Get(bits, 9));
    }

    [Fact]
    public void A_segment_covers_64_batches_and_items_map_to_bits_within_it()
    {
        Assert.Equal(0, Segment.Of(63));
        Assert.Equal(1, Segment.Of(64));
        Assert.Equal(6400, Segment.FirstIndex(1, 100));
        Assert.Equal(5, Segment.BitOf(6405, 100));
    }

    [Fact]
    public void A_job_whose_items_all_succeeded_completes()
    {
        var header = Running(total: 10, succeeded: 10, failed: 0);

        Assert.True(JobLifecycle.TryFinish(header, Now));
        Assert.Equal(RuntimeStatus.Completed, header.RuntimeStatus);
        Assert.Contains("\"succeeded\":10", header.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_with_a_failed_item_ends_Failed()
    {
        var header = Running(total: 10, succeeded: 9, failed: 1);

        Assert.True(JobLifecycle.TryFinish(header, Now));
        Assert.Equal(RuntimeStatus.Failed, header.RuntimeStatus);
    }

    [Theory]
    [InlineData(10, 9, 0, true, false, RuntimeStatus.Running)]
    [InlineData(10, 10, 0, false, false, RuntimeStatus.Running)]
    [InlineData(10, 10, 0, true, true, RuntimeStatus.Running)]
    [InlineData(10, 10, 0, true, false, RuntimeStatus.Terminated)]
    [InlineData(10, 10, 0, true, false, RuntimeStatus.Suspended)]
    public void A_job_does_not_finish_early_or_from_the_wrong_state(int total, int succeeded, int failed, bool fannedOut, bool rewinding, string status)
    {
        var header = Running(total, succeeded, failed);
        header.FanOutComplete = fannedOut;
        header.RewindPending = rewinding;
        header.RuntimeStatus = status;

        Assert.False(JobLifecycle.TryFinish(header, Now));
        Assert.Equal(status, header.RuntimeStatus);
    }

    [Fact]
    public void Only_the_first_ten_errors_are_kept()
    {
        var header = Running(100, 0, 0);

        JobLifecycle.AddErrors(header, Enumerable.Range(0, 7).Select(i => new ItemError(i, "e", 5)));
        JobLifecycle.AddErrors(header, Enumerable.Range(7, 7).Select(i => new ItemError(i, "e", 5)));

        Assert.Equal(Enumerable.Range(0, 10), JobLifecycle.Errors(header).Select(e => e.ItemId));
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/output/job-1/00000003-00000018-1.jsonl", true, "job-1", 3)]
    [InlineData("https://acct.blob.core.windows.net/output/abc/00000000-00000000-2.jsonl", true, "abc", 0)]
    [InlineData("https://acct.blob.core.windows.net/input/abc/00000000-00000000-2.jsonl", false, "", 0)]
    [InlineData("https://acct.blob.core.windows.net/output/abc/nested/x.jsonl", false, "", 0)]
    [InlineData("https://acct.blob.core.windows.net/output/bad%7Cid/00000000-1-1.jsonl", false, "", 0)]
    public void Output_blob_urls_name_their_job_and_batch(string url, bool valid, string instanceId, int batch)
    {
        Assert.Equal(valid, OutputBlobName.TryParse(new Uri(url), out var parsedId, out var parsedBatch, out _));
        if (valid)
        {
            Assert.Equal((instanceId, batch), (parsedId, parsedBatch));
        }
    }

    [Fact]
    public void Every_new_output_blob_name_is_its_own_and_names_its_job_and_batch()
    {
        var first = OutputBlobNames.New("job-1", 7, 700);
        var second = OutputBlobNames.New("job-1", 7, 700);

        Assert.NotEqual(first, second);
        Assert.True(OutputBlobName.TryParse(new Uri("http://127.0.0.1:10000/devstoreaccount1/output/" + first), out var instanceId, out var batch, out var blobName));
        Assert.Equal(("job-1", 7, first), (instanceId, batch, blobName));
    }

    [Fact]
    public void Instance_filters_become_one_odata_filter()
    {
        var filter = new InstanceQuery([RuntimeStatus.Running, RuntimeStatus.Failed], Now, null, "batch-").ToFilter();

        Assert.Contains("RowKey eq ''", filter, StringComparison.Ordinal);
        Assert.Contains("(RuntimeStatus eq 'Running' or RuntimeStatus eq 'Failed')", filter, StringComparison.Ordinal);
        Assert.Contains("CreatedTime ge datetime'2026-11-24T10:00:00", filter, StringComparison.Ordinal);
        Assert.Contains("PartitionKey ge 'batch-'", filter, StringComparison.Ordinal);
    }

    private static InstanceHeader Running(int total, int succeeded, int failed) => new()
    {
        PartitionKey = "job",
        RuntimeStatus = RuntimeStatus.Running,
        Total = total,
        Succeeded = succeeded,
        Failed = failed,
        FanOutComplete = true,
        BatchSize = 10,
    };
}
