using ComputeEngine.Testing;

namespace ComputeEngine.Observability.Tests;

[Collection(ObservedJobCollection.Name)]
public sealed class LogTests(ObservedJob job)
{
    [Fact]
    public void The_orchestrator_logs_that_the_job_finished_naming_its_instance_and_counts()
    {
        Assert.Contains(job.Engine.Orchestrator!.Lines, line => line.Contains(
            $"Job {job.InstanceId} finished Failed: {ObservedJob.Succeeded} succeeded, {ObservedJob.Failing} failed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_finished_log_record_carries_the_instance_id_as_a_field_inside_the_job_trace()
    {
        var start = Assert.Single(job.Trace.StartJob);

        var finished = Assert.Single(job.Receiver.Logs, l => l.Service == "orchestrator" && l.Attributes.GetValueOrDefault("InstanceId") == job.InstanceId
            && l.Body.Contains("finished", StringComparison.Ordinal));

        Assert.Equal("Failed", finished.Attributes.GetValueOrDefault("RuntimeStatus"));
        Assert.Equal(start.TraceId, finished.TraceId);
        Assert.Equal("apply completions", job.Trace.ById(finished.SpanId)?.Name);
    }

    [Fact]
    public void No_process_prints_or_exports_the_storage_key()
    {
        var printed = job.Engine.Workers.Append(job.Engine.Orchestrator).OfType<ServiceProcess>().SelectMany(p => p.Lines).ToList();
        var exported = job.Receiver.Logs.SelectMany(l => l.Attributes.Values.Append(l.Body))
            .Concat(job.Receiver.Spans.SelectMany(s => s.Attributes.Values)).ToList();

        Assert.NotEmpty(printed);
        Assert.NotEmpty(exported);
        Assert.All(printed.Concat(exported), text =>
        {
            Assert.DoesNotContain(AzuriteFixture.DevAccountKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        });
    }
}
