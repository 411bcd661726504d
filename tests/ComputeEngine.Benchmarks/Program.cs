using System.Diagnostics;
using System.Runtime.InteropServices;
using ComputeEngine.Benchmarks;
using ComputeEngine.Benchmarks.Scenarios;
using ComputeEngine.Testing;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Ctrl+C, SIGTERM and SIGHUP cancel the run; the finally blocks below then stop every process it started.
using var cancel = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Cancel);

var clock = Stopwatch.StartNew();
var report = new Report();
var storage = new AzuriteFixture();
try
{
    Progress("starting Azurite (in memory)");
    await storage.InitializeAsync();
    cancel.Token.ThrowIfCancellationRequested();
    await new BenchmarkRun(options, storage, report, Progress).RunAsync(cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; stopping what was started.");
    return 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark failed: {e}");
    return 1;
}
finally
{
    await storage.DisposeAsync();
}

Console.WriteLine(report.Render(clock.Elapsed));
return 0;

void Progress(string step) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {step}");
