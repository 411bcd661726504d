using System.Collections.Concurrent;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.Observability.Tests.Otlp;

/// <summary>
/// A local OTLP/HTTP (protobuf) endpoint: what a collector, Jaeger or the Aspire dashboard would receive
/// from the services, decoded and kept in memory.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<ReceivedLog> _logs = new();
    private int _metricExports;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base URL to give the services as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint => _app.Urls.Single();

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans;

    public IReadOnlyCollection<ReceivedLog> Logs => _logs;

    public int MetricExports => Volatile.Read(ref _metricExports);

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            receiver.Add(ExportTraceServiceRequest.Parser.ParseFrom(await ReadAsync(request)));
            return Ok();
        });
        receiver._app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            receiver.Add(ExportLogsServiceRequest.Parser.ParseFrom(await ReadAsync(request)));
            return Ok();
        });
        receiver._app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            await ReadAsync(request);
            Interlocked.Increment(ref receiver._metricExports);
            return Ok();
        });
        await receiver._app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Add(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            var service = ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    _spans.Enqueue(new ReceivedSpan(
                        service,
                        scope.Scope?.Name ?? "",
                        Hex(span.TraceId),
                        Hex(span.SpanId),
                        Hex(span.ParentSpanId),
                        span.Name,
                        Attributes(span.Attributes),
                        [.. span.Links.Select(l => new ReceivedLink(Hex(l.TraceId), Hex(l.SpanId)))]));
                }
            }
        }
    }

    private void Add(ExportLogsServiceRequest request)
    {
        foreach (var resource in request.ResourceLogs)
        {
            var service = ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var log in scope.LogRecords)
                {
                    _logs.Enqueue(new ReceivedLog(
                        service,
                        scope.Scope?.Name ?? "",
                        Text(log.Body),
                        Attributes(log.Attributes),
                        Hex(log.TraceId),
                        Hex(log.SpanId)));
                }
            }
        }
    }

    private static string ServiceName(Resource? resource) =>
        resource is null ? "" : Attributes(resource.Attributes).GetValueOrDefault("service.name", "");

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>();
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }

        return result;
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };

    private static string Hex(ByteString id) => id.IsEmpty ? "" : Convert.ToHexStringLower(id.Span);

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        if (request.Headers.ContentEncoding == "gzip")
        {
            await using var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await gzip.CopyToAsync(buffer);
        }
        else
        {
            await request.Body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    // An empty Export*ServiceResponse: full success.
    private static IResult Ok() => Results.Bytes([], "application/x-protobuf");
}

public sealed record ReceivedLink(string TraceId, string SpanId);

public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ReceivedLink> Links)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);
}

public sealed record ReceivedLog(
    string Service,
    string Category,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    string TraceId,
    string SpanId);
