using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeEngine.AppHost.Tests.System;

/// <summary>What the Aspire dashboard shows of a job, read through its telemetry API (OTLP JSON).</summary>
[Collection(LocalSystemCollection.Name)]
public sealed class TelemetryTests(LocalSystem system)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task One_job_is_one_trace_across_orchestrator_and_workers_and_the_dashboards_polling_is_not_traced()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var client = system.Client();
        const int items = 20;
        var id = (await client.StartAsync("""{"inputs": [[1,1],[2,2],[3,3],[4,4],[5,5],[6,6],[7,7],[8,8],[9,9],[10,10],[11,11],[12,12],[13,13],[14,14],[15,15],[16,16],[17,17],[18,18],[19,19],[20,20]], "batchSize": 5}""", null, timeout.Token))
            .GetProperty("id").GetString()!;
        Assert.Equal("Completed", (await client.WaitForAsync(id, timeout.Token)).GetProperty("runtimeStatus").GetString());

        // Services export in batches every few seconds: wait until every item's span has arrived.
        var spans = await WaitForSpansAsync(s => s.Count(span => span.Name == "run item" && span.Tag("computeengine.instance_id") == id) >= items, timeout.Token);
        var job = spans.Where(s => s.Tag("computeengine.instance_id") == id).ToList();
        var trace = spans.Where(s => s.TraceId == job[0].TraceId).ToList();
        var logs = await GetAsync("logs", timeout.Token);
        var withMetrics = (await Http.GetFromJsonAsync<JsonElement>(new Uri(system.AspireDashboardUrl, "/api/telemetry/resources"), timeout.Token))
            .EnumerateArray().Where(r => r.GetProperty("hasMetrics").GetBoolean()).Select(r => r.GetProperty("name").GetString()).ToList();

        Assert.Single(job.Select(s => s.TraceId).Distinct());
        Assert.Contains(trace, s => s.Service == "orchestrator" && s.Name == "start job");
        Assert.Contains(trace, s => s.Service == "orchestrator" && s.Name.StartsWith("POST ", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "worker" && s.Name == "run item");
        Assert.Contains(LogTraceIds(logs), traceId => traceId == job[0].TraceId);
        Assert.Contains("orchestrator", withMetrics);
        Assert.Contains("worker", withMetrics);
        Assert.DoesNotContain(spans, s => s.Service == "dashboard");
        Assert.DoesNotContain(spans, s => s.Service == "orchestrator" && s.Name.StartsWith("GET /runtime/webhooks/durabletask/instances", StringComparison.Ordinal)
            && spans.Any(parent => parent.SpanId == s.ParentSpanId && parent.Service == "dashboard"));
    }

    private async Task<List<Span>> WaitForSpansAsync(Func<List<Span>, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var spans = Spans(await GetAsync("spans", cancellationToken));
            if (condition(spans))
            {
                return spans;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private async Task<JsonElement> GetAsync(string signal, CancellationToken cancellationToken) =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(system.AspireDashboardUrl, $"/api/telemetry/{signal}?limit=100000"), cancellationToken);

    private static List<Span> Spans(JsonElement body) =>
    [
        .. from resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
           let service = Attribute(resource.GetProperty("resource"), "service.name")
           from scope in resource.GetProperty("scopeSpans").EnumerateArray()
           from span in scope.GetProperty("spans").EnumerateArray()
           select new Span(
               service ?? "",
               span.GetProperty("name").GetString()!,
               span.GetProperty("traceId").GetString()!,
               span.GetProperty("spanId").GetString()!,
               span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
               span),
    ];

    private static IEnumerable<string> LogTraceIds(JsonElement body) =>
        from resource in body.GetProperty("data").GetProperty("resourceLogs").EnumerateArray()
        from scope in resource.GetProperty("scopeLogs").EnumerateArray()
        from record in scope.GetProperty("logRecords").EnumerateArray()
        where record.TryGetProperty("traceId", out _)
        select record.GetProperty("traceId").GetString()!;

    private static string? Attribute(JsonElement owner, string key) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().Where(a => a.GetProperty("key").GetString() == key)
                .Select(a => a.GetProperty("value").EnumerateObject().First().Value.ToString()).FirstOrDefault()
            : null;

    private sealed record Span(string Service, string Name, string TraceId, string SpanId, string? ParentSpanId, JsonElement Json)
    {
        public string? Tag(string key) => Attribute(Json, key);
    }
}
