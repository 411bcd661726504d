using System.Diagnostics;
using System.Globalization;
using System.Net;
using ComputeEngine.AppHost.Scaling;
using ComputeEngine.Contracts.Api;
using Refit;

namespace ComputeEngine.AppHost.Demo;

/// <summary><c>--demo N</c>: once the orchestrator is healthy, submits the seed's job of N items and shows its progress until it ends.</summary>
internal sealed class DemoJob(
    AppHostOptions options, ResourceNotificationService notifications, ScalerStatus scaler, ILogger<DemoJob> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Demo is not { } items)
        {
            return;
        }

        var cancellationToken = stoppingToken;
        try
        {
            await notifications.WaitForResourceHealthyAsync("orchestrator", cancellationToken);
            var api = Api();
            var clock = Stopwatch.StartNew();
            var instanceId = await SubmitAsync(api, items, cancellationToken);
            var last = "";
            while (true)
            {
                var (final, status) = await GetStatusAsync(api, instanceId, cancellationToken);
                var line = Progress(status, scaler.Snapshot().Replicas);
                if (line != last)
                {
                    Log.Demo(logger, line);
                    last = line;
                }

                if (final)
                {
                    Log.Demo(logger, Invariant($"finished in {clock.Elapsed.TotalSeconds:0.0} s; the system keeps running (Ctrl+C stops it)"));
                    return;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.DemoFailed(logger, e.Message);
        }
    }

    private IOrchestratorApi Api()
    {
        _http.BaseAddress = options.OrchestratorUrl;
        if (options.ApiKey is not null)
        {
            _http.DefaultRequestHeaders.Add(ApiHeaders.FunctionsKey, options.ApiKey);
        }

        return OrchestratorApi.Create(_http);
    }

    private async Task<string> SubmitAsync(IOrchestratorApi api, int items, CancellationToken cancellationToken)
    {
        using var response = await api.StartCountAsync(ApiRoutes.ComputeOrchestrator, items, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Content is not { } started)
        {
            throw new InvalidOperationException(Invariant($"the orchestrator answered {(int?)response.StatusCode}: {Body(response)}"));
        }

        Log.Demo(logger, Invariant($"submitted job {started.Id} of {items} items"));
        return started.Id;
    }

    /// <summary>Durable Functions answers 202 while a job runs and 200 once it is final.</summary>
    private static async Task<(bool Final, InstanceStatus Status)> GetStatusAsync(IOrchestratorApi api, string instanceId, CancellationToken cancellationToken)
    {
        using var response = await api.GetAsync(instanceId, null, null, cancellationToken);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted && response.Content is { } status
            ? (response.StatusCode == HttpStatusCode.OK, status)
            : throw new InvalidOperationException(Invariant($"the job's status answered {(int?)response.StatusCode}: {Body(response)}"));
    }

    private static string Progress(InstanceStatus status, int replicas)
    {
        var progress = status.CustomStatus is { } custom
            ? Invariant($"{custom.Succeeded}/{custom.Total} succeeded, {custom.Failed} failed, {custom.Dispatched} dispatched")
            : "no progress yet";
        return Invariant($"{status.RuntimeStatus}: {progress} · {replicas} worker replicas");
    }

    private static string? Body(IApiResponse response) => (response.Error as ApiException)?.Content ?? response.Error?.Message;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
