using System.Diagnostics;
using ComputeEngine.Benchmarks;
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

using var shutdown = new ShutdownSignals();
var clock = Stopwatch.StartNew();
var report = new Report();
var storage = new AzuriteFixture();
try
{
    Progress("starting Azurite (in memory)");
    await storage.InitializeAsync();
    shutdown.Token.ThrowIfCancellationRequested();
    await new BenchmarkRun(options, storage, report, Progress).RunAsync(shutdown.Token);
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
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
    // Engines are disposed inside the run; Azurite last, whatever happened.
    await storage.DisposeAsync();
}

Console.Write(report.Render(clock.Elapsed));
return 0;

void Progress(string step) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {step}");
