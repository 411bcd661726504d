using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeEngine.Observability.Tests.Otlp;
using ComputeEngine.Testing;

namespace ComputeEngine.Observability.Tests;

/// <summary>
/// One job run once for every test of the collection: a real Azurite, orchestrator and worker exporting to
/// a local OTLP receiver, and a job of <see cref="Items"/> sleep items of which <see cref="Failing"/> always fail.
/// </summary>
public sealed partial class ObservedJob : IAsyncLifetime
{
    public const int Items = 24;
    public const int BatchSize = 6;
    public const int Batches = Items / BatchSize;
    public const int Failing = Batches;
    public const int Succeeded = Items - Failing;
    public const int MaxAttempts = 3;
    public const int Attempts = Succeeded + (Failing * MaxAttempts);

    private readonly AzuriteFixture _storage = new();

    public OtlpReceiver Receiver { get; private set; } = null!;

    public Engine Engine { get; private set; } = null!;

    public int WorkerPort { get; private set; }

    public string InstanceId { get; private set; } = "";

    public JsonElement FinalStatus { get; private set; }

    /// <summary>The job's spans as received so far.</summary>
    public JobTrace Trace => new(Receiver.Spans, InstanceId);

    /// <summary>The one item of each batch that always fails: 5, 11, 17, 23.</summary>
    public static bool IsFailing(int item) => item % BatchSize == BatchSize - 1;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _storage.InitializeAsync();
        Receiver = await OtlpReceiver.StartAsync(timeout.Token);
        Engine = new Engine(_storage);
        Engine.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint;
        Engine.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        Engine.Settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        Engine.Settings["OTEL_BLRP_SCHEDULE_DELAY"] = "200";
        Engine.Settings["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        Engine.Settings["Worker__RetryBaseDelay"] = "00:00:00.050";
        Engine.Settings["Worker__MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture);
        await Engine.StartOrchestratorAsync(timeout.Token);
        var worker = await Engine.StartWorkerAsync(timeout.Token);
        WorkerPort = ListeningPort(worker);

        using var client = Engine.Client();
        var inputs = Enumerable.Range(0, Items).Select(i => IsFailing(i) ? """{"ms":1,"fail":true}""" : """{"ms":1}""");
        var body = $$"""{"algorithm":"sleep","batchSize":{{BatchSize}},"inputs":[{{string.Join(",", inputs)}}]}""";
        InstanceId = (await client.StartAsync(body, null, timeout.Token)).GetProperty("id").GetString()!;
        FinalStatus = await client.WaitForAsync(InstanceId, timeout.Token);

        // Requests that must not become spans: if the filter were missing they would be exported with the job's.
        foreach (var port in new[] { Engine.OrchestratorPort, WorkerPort })
        {
            foreach (var path in new[] { "/health", "/alive", "/metrics" })
            {
                using var response = await client.Http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), timeout.Token);
            }
        }

        await WaitForTelemetryAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        // Null when InitializeAsync failed before creating them.
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    /// <summary>
    /// Reads the port the service reports listening on. Engine picks a worker's port itself and waits for its
    /// health on that port, so a test cannot choose it through ASPNETCORE_URLS.
    /// </summary>
    public static int ListeningPort(ServiceProcess process) =>
        process.Lines.Select(l => ListeningOn().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).FirstOrDefault() is var port and > 0
            ? port
            : throw new InvalidOperationException($"{process.Name} logged no listening address:\n{process.Output}");

    // The job is over when storage says so; its telemetry is complete once the span that finished it
    // (the one the "finished" log record was written in) and every item attempt have arrived.
    // Returns without throwing: the tests then report what is missing.
    private async Task WaitForTelemetryAsync(TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        while (!deadline.IsCancellationRequested)
        {
            var finished = Receiver.Logs.FirstOrDefault(l => l.Attributes.GetValueOrDefault("InstanceId") == InstanceId && l.Body.Contains("finished", StringComparison.Ordinal));
            var trace = Trace;
            if (finished is not null && Receiver.Spans.Any(s => s.SpanId == finished.SpanId)
                && trace.Items.Count >= Attempts && trace.Batches.Select(b => b["computeengine.batch"]).Distinct().Count() == Batches)
            {
                return;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();
}

[CollectionDefinition(Name)]
public sealed class ObservedJobCollection : ICollectionFixture<ObservedJob>
{
    public const string Name = "observed job";
}
