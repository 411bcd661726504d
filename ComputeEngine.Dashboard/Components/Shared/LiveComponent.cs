using System.Net;
using ComputeEngine.Dashboard.Orchestrator;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Components.Shared;

/// <summary>A page that reloads what it shows every <see cref="DashboardOptions.RefreshInterval"/> while it is open.</summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closed = new();

    [Inject]
    protected TimeProvider Time { get; set; } = null!;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = null!;

    [Inject]
    private ILogger<LiveComponent> Logger { get; set; } = null!;

    /// <summary>Why the last load failed, shown by the page; null after a good one.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>
    /// What the component shows no longer exists (the orchestrator answered 404: the job was purged); it
    /// stops refreshing, rather than asking again every second for as long as the circuit lives.
    /// </summary>
    protected bool Gone { get; private set; }

    /// <summary>Cancelled when the page closes.</summary>
    protected CancellationToken Closed => _closed.Token;

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _ = RefreshLoopAsync(_closed.Token);
    }

    /// <summary>Reads what the page shows.</summary>
    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>Reloads now (after a filter or an action), keeping the last data when it fails.</summary>
    protected async Task LoadAsync()
    {
        try
        {
            await RefreshAsync(_closed.Token);
            LoadError = null;
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (OrchestratorException e) when (e.Status == HttpStatusCode.NotFound)
        {
            Gone = true;
            Log.RefreshStopped(Logger, GetType().Name, e.Message);
        }
        catch (Exception e) when (e is OrchestratorException or HttpRequestException or TaskCanceledException)
        {
            // The orchestrator is down or refused: OrchestratorHealth logs that once, and the page shows it.
            LoadError = e.Message;
            Log.RefreshFailedBriefly(Logger, GetType().Name, e.Message);
        }
        catch (Exception e)
        {
            LoadError = e.Message;
            Log.RefreshFailed(Logger, GetType().Name, e);
        }
    }

    public void Dispose()
    {
        _closed.Cancel();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshLoopAsync(CancellationToken closed)
    {
        using var timer = new PeriodicTimer(Options.Value.RefreshInterval, Time);
        try
        {
            while (!Gone && await timer.WaitForNextTickAsync(closed))
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
