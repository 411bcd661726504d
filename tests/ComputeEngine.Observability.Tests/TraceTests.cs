using System.Globalization;

namespace ComputeEngine.Observability.Tests;

[Collection(ObservedJobCollection.Name)]
public sealed class TraceTests(ObservedJob job)
{
    [Fact]
    public void Orchestrator_and_worker_export_their_spans_under_their_own_service_names()
    {
        var trace = job.Trace;

        Assert.NotEmpty(trace.StartJob);
        Assert.All(trace.StartJob.Concat(trace.FanOut).Concat(trace.Applies), s => Assert.Equal("orchestrator", s.Service));
        Assert.NotEmpty(trace.Batches);
        Assert.All(trace.Batches.Concat(trace.Items), s => Assert.Equal("worker", s.Service));
        Assert.All(trace.All.Where(s => s.Scope == "ComputeEngine.Orchestrator"), s => Assert.Equal("orchestrator", s.Service));
        Assert.All(trace.All.Where(s => s.Scope == "ComputeEngine.Worker"), s => Assert.Equal("worker", s.Service));
    }

    [Fact]
    public void Every_span_of_the_job_shares_the_trace_of_the_request_that_started_it()
    {
        var trace = job.Trace;
        var start = Assert.Single(trace.StartJob);
        var request = trace.ById(start.ParentSpanId);

        Assert.NotNull(request);
        Assert.Equal("Microsoft.AspNetCore", request.Scope);
        Assert.Equal("POST", request["http.request.method"]);
        Assert.Equal(start.TraceId, request.TraceId);
        Assert.Single(trace.FanOut);
        Assert.NotEmpty(trace.Batches);
        Assert.NotEmpty(trace.Items);
        Assert.NotEmpty(trace.Applies);
        Assert.All(trace.FanOut.Concat(trace.Batches).Concat(trace.Items).Concat(trace.Applies), s => Assert.Equal(start.TraceId, s.TraceId));
    }

    [Fact]
    public void Fan_out_is_a_child_of_start_job_and_the_parent_of_every_batch()
    {
        var trace = job.Trace;
        var start = Assert.Single(trace.StartJob);
        var fanOut = Assert.Single(trace.FanOut);

        Assert.Equal(start.SpanId, fanOut.ParentSpanId);
        Assert.Equal(
            Enumerable.Range(0, ObservedJob.Batches).Select(b => b.ToString(CultureInfo.InvariantCulture)),
            trace.Batches.Select(b => b["computeengine.batch"]).Distinct().Order());
        Assert.All(trace.Batches, b => Assert.Equal(fanOut.SpanId, b.ParentSpanId));
    }

    [Fact]
    public void Each_item_attempt_runs_under_the_batch_that_carries_it_and_names_its_instance_and_item()
    {
        var trace = job.Trace;
        var batches = trace.Batches.ToDictionary(b => b.SpanId);

        Assert.Equal(ObservedJob.Attempts, trace.Items.Count);
        Assert.Equal(Enumerable.Range(0, ObservedJob.Items), trace.Items.Select(i => int.Parse(i["computeengine.item_id"]!, CultureInfo.InvariantCulture)).Distinct().Order());
        Assert.All(trace.Items, item =>
        {
            Assert.True(batches.TryGetValue(item.ParentSpanId, out var batch), $"run item {item["computeengine.item_id"]} has no process batch parent");
            var itemId = int.Parse(item["computeengine.item_id"]!, CultureInfo.InvariantCulture);
            Assert.Equal((itemId / ObservedJob.BatchSize).ToString(CultureInfo.InvariantCulture), batch["computeengine.batch"]);
            Assert.Equal(job.InstanceId, item["computeengine.instance_id"]);
            string[] outcomes = ObservedJob.IsFailing(itemId) ? ["retrying", "failed"] : ["succeeded"];
            Assert.Contains(item["computeengine.outcome"], outcomes);
        });
    }

    [Fact]
    public void The_attempt_that_spends_an_items_budget_is_tagged_failed_and_the_earlier_ones_retrying()
    {
        var failing = job.Trace.Items.Where(i => ObservedJob.IsFailing(int.Parse(i["computeengine.item_id"]!, CultureInfo.InvariantCulture)))
            .GroupBy(i => i["computeengine.item_id"]!)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(a => a["computeengine.outcome"]).Order(StringComparer.Ordinal)));
        var expected = string.Join(",", Enumerable.Repeat("retrying", ObservedJob.MaxAttempts - 1).Prepend("failed"));

        Assert.Equal(ObservedJob.Failing, failing.Count);
        Assert.All(failing, item => Assert.Equal($"item {item.Key}: {expected}", $"item {item.Key}: {item.Value}"));
    }

    [Fact]
    public void The_storage_calls_of_the_job_are_Azure_SDK_spans_inside_its_trace()
    {
        var trace = job.Trace;
        var fanOut = Assert.Single(trace.FanOut);
        var batches = trace.Batches.Select(b => b.SpanId).ToHashSet();

        Assert.Contains(trace.All, s => s.Name == "QueueClient.SendMessage" && s.ParentSpanId == fanOut.SpanId && s.Scope.StartsWith("Azure.", StringComparison.Ordinal));
        Assert.Contains(trace.All, s => s.Name == "TableClient.SubmitTransaction" && batches.Contains(s.ParentSpanId));
        Assert.Contains(trace.All, s => s.Name == "BlobClient.Upload" && batches.Contains(s.ParentSpanId));
    }

    [Fact]
    public void Each_storage_request_is_one_client_span_not_an_Azure_SDK_span_with_an_HttpClient_copy_under_it()
    {
        var spans = job.Trace.All.DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
        var copies = spans.Values.Count(s => s.Scope == "System.Net.Http"
            && spans.TryGetValue(s.ParentSpanId, out var parent) && parent.Scope == "Azure.Core.Http");

        Assert.True(spans.Values.Any(s => s.Scope == "Azure.Core.Http"), "no Azure.Core.Http span arrived");
        Assert.True(copies == 0, $"{copies} System.Net.Http spans duplicate the Azure.Core.Http span they sit under");
    }

    [Fact]
    public void Completions_are_applied_under_a_worker_batch_span_and_linked_to_the_other_batches()
    {
        var trace = job.Trace;
        var batches = trace.Batches.Select(b => b.SpanId).ToHashSet();

        Assert.NotEmpty(trace.Applies);
        Assert.All(trace.Applies, apply =>
        {
            Assert.Contains(apply.ParentSpanId, batches);
            Assert.All(apply.Links, link => Assert.Contains(link.SpanId, batches));
            Assert.Equal(int.Parse(apply["computeengine.completions"]!, CultureInfo.InvariantCulture), apply.Links.Count + 1);
        });
    }

    [Fact]
    public void Health_alive_and_metrics_requests_make_no_spans()
    {
        var requests = job.Trace.All.Where(s => s.Scope == "Microsoft.AspNetCore").ToList();

        Assert.Contains(requests, r => r.Service == "orchestrator" && r["http.request.method"] == "POST");
        Assert.DoesNotContain(requests, r => r["url.path"] is "/health" or "/alive" or "/metrics");
    }
}
