using System.Runtime.InteropServices;

namespace ComputeEngine.Benchmarks;

/// <summary>
/// Turns Ctrl+C, SIGTERM (what <c>dotnet run</c> forwards when it is stopped) and SIGHUP into a
/// cancellation, so the run unwinds through its finally blocks and stops every process it started.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals() => _registrations =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel),
    ];

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void Cancel(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancel.Cancel();
    }
}
