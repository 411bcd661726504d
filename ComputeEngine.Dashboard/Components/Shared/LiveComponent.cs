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
            while (await timer.WaitForNextTickAsync(closed))
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
