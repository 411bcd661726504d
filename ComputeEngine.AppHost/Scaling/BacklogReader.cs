using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeEngine.AppHost.Scaling;

/// <summary>
/// Reads the orchestrator's backlog (<c>/metrics/backlog</c>, work messages every job still needs) the way
/// the chart's KEDA metrics-api trigger does: a GET, and the number at <c>batches</c>. The dispatch window keeps
/// the queue itself short, so the queue alone would never scale a big job out.
/// </summary>
internal sealed class BacklogReader(HttpClient http, Uri orchestrator)
{
    public const string Path = "metrics/backlog";
    public const string ValueLocation = "batches";

    /// <summary>The backlog, or null when the orchestrator does not answer (starting, restarting): then the queue alone decides.</summary>
    public async Task<long?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var body = await http.GetFromJsonAsync<JsonElement>(new Uri(orchestrator, Path), cancellationToken);
            return body.TryGetProperty(ValueLocation, out var value) && value.TryGetInt64(out var batches) ? batches : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
