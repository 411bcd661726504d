using System.Buffers;
using System.Text;
using ComputeEngine.Orchestrator;
using ComputeEngine.Orchestrator.Api;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Tests.Logic;

public sealed class StartRequestParserTests
{
    private static readonly OrchestratorOptions Options = new() { MaxItemsPerJob = 1000 };

    private static (JobSpec? Spec, StartError? Error) Parse(string? count, string? body, string? algorithm = null) =>
        StartRequestParser.Parse(count, algorithm, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body ?? "")), Options);

    [Fact]
    public void The_seeds_inputCount_starts_a_generated_job()
    {
        var (spec, error) = Parse("1000", null);

        Assert.Null(error);
        Assert.Equal((InputKind.Count, 1000, "sum"), (spec!.InputKind, spec.Total, spec.Algorithm));
    }

    [Fact]
    public void A_bare_array_is_the_inputs()
    {
        var (spec, _) = Parse(null, "[[1,2],[3,4],5]");

        Assert.Equal((InputKind.Inline, 3), (spec!.InputKind, spec.Total));
    }

    [Fact]
    public void An_object_body_names_inputs_algorithm_and_batch_size()
    {
        var (spec, _) = Parse(null, """{"inputs":[1,2],"algorithm":"sleep","batchSize":7}""");

        Assert.Equal((InputKind.Inline, 2, "sleep", 7), (spec!.InputKind, spec.Total, spec.Algorithm, spec.BatchSize));
    }

    [Fact]
    public void A_blob_prefix_job_has_an_unknown_total_until_listed()
    {
        var (spec, _) = Parse(null, """{"inputBlobPrefix":"photos/"}""");

        Assert.Equal((InputKind.BlobPrefix, -1, "photos/"), (spec!.InputKind, spec.Total, spec.InputPrefix));
    }

    [Theory]
    [InlineData("0", null, "inputCount")]
    [InlineData("-5", null, "inputCount")]
    [InlineData("1001", null, "inputCount")]
    [InlineData("12abc", null, "inputCount")]
    [InlineData("99999999999999999999", null, "inputCount")]
    [InlineData(null, null, "inputs")]
    [InlineData(null, "{}", "inputs")]
    [InlineData(null, "[]", "inputs")]
    [InlineData(null, """{"inputs":{"a":1}}""", "inputs")]
    [InlineData("3", """{"inputs":[1]}""", "inputs")]
    [InlineData(null, """{"inputs":[1],"inputBlobPrefix":"x/"}""", "inputs")]
    [InlineData(null, """{"inputs":[1],"algorithm":"Bad Name"}""", "algorithm")]
    [InlineData(null, """{"inputs":[1],"batchSize":0}""", "batchSize")]
    [InlineData(null, """{"inputs":[1],"batchSize":101}""", "batchSize")]
    [InlineData(null, """{"inputBlobPrefix":"_jobs/other/"}""", "inputBlobPrefix")]
    [InlineData(null, "\"text\"", "body")]
    [InlineData(null, """{"inputCount":"ten"}""", "body")]
    [InlineData("5", """{"inputCount":6}""", "inputCount")]
    [InlineData(null, "[1] [2]", "body")]
    [InlineData(null, """{"inputs":[1]} {}""", "body")]
    [InlineData(null, """{"inputs":[1],"algorithm":7}""", "body")]
    public void Invalid_start_requests_are_rejected_naming_the_field(string? count, string? body, string field)
    {
        var (spec, error) = Parse(count, body);

        Assert.Null(spec);
        Assert.Equal(400, error!.Status);
        Assert.Contains(field, error.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_match_in_any_case_and_numbers_may_be_quoted_as_the_web_defaults_allow()
    {
        var (spec, error) = Parse(null, """{"Inputs":[[1,2],{"x":[3]}],"ALGORITHM":"sleep","batchSize":"2","other":{"a":[1]}}""");

        Assert.Null(error);
        Assert.Equal((InputKind.Inline, 2, "sleep", 2), (spec!.InputKind, spec.Total, spec.Algorithm, spec.BatchSize));
        Assert.Equal("""[[1,2],{"x":[3]}]""", Encoding.UTF8.GetString(spec.Inputs!.Value.ToArray()));
    }

    [Fact]
    public void Counting_stops_one_past_the_item_limit_without_reading_further()
    {
        var (spec, error) = Parse(null, "[" + string.Join(',', Enumerable.Range(0, 1001)) + ", this is never read");

        Assert.Null(spec);
        Assert.Contains("inputs", error!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_field_longer_than_any_valid_one_is_refused_undecoded()
    {
        var (_, error) = Parse(null, $$"""{"inputs":[1],"algorithm":"{{new string('a', 100_000)}}"}""");

        Assert.Contains("longer than", error!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(200, 4)]
    [InlineData(1000, 20)]
    [InlineData(10_000, 100)]
    [InlineData(1_000_000, 100)]
    public void Small_jobs_are_split_into_enough_messages_for_KEDA_to_scale_on(int total, int expectedBatchSize)
    {
        var spec = new JobSpec(InputKind.Count, total, null, null, "sum", null);

        Assert.Equal(expectedBatchSize, spec.BatchSizeFor(new OrchestratorOptions()));
    }

    [Fact]
    public void Priority_and_maxParallelism_are_read_and_default_to_the_middle_priority_and_no_limit()
    {
        var (given, _) = Parse(null, """{"inputCount":500,"priority":5,"maxParallelism":"3"}""");
        var (defaulted, _) = Parse("500", null);

        Assert.Equal((5, (int?)3), (given!.Priority, given.MaxParallelism));
        Assert.Equal((JobPriority.Default, (int?)null), (defaulted!.Priority, defaulted.MaxParallelism));
    }

    [Theory]
    [InlineData("""{"inputCount":5,"priority":0}""", "priority")]
    [InlineData("""{"inputCount":5,"priority":6}""", "priority")]
    [InlineData("""{"inputCount":5,"maxParallelism":0}""", "maxParallelism")]
    [InlineData("""{"inputCount":5,"maxParallelism":1001}""", "maxParallelism")]
    public void Priority_and_maxParallelism_out_of_range_name_their_field(string body, string field)
    {
        var (_, error) = Parse(null, body);

        Assert.Equal((400, $"Invalid {field}"), (error!.Status, error.Title));
    }

    [Fact]
    public void A_batch_never_holds_more_items_than_may_run_at_once()
    {
        var (spec, _) = Parse(null, """{"inputCount":1000,"batchSize":50,"maxParallelism":7}""");

        Assert.Equal(7, spec!.BatchSizeFor(new OrchestratorOptions()));
    }
}
