using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>No process may print the storage key or a connection string, whatever happened.</summary>
public static class Secrets
{
    public static void AssertNoneLogged(Engine engine)
    {
        foreach (var process in engine.Workers.Append(engine.Orchestrator).OfType<ServiceProcess>())
        {
            Assert.NotEmpty(process.Lines);
            Assert.DoesNotContain(process.Lines, line => line.Contains(AzuriteFixture.DevAccountKey, StringComparison.Ordinal));
            Assert.DoesNotContain(process.Lines, line => line.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(process.Lines, line => line.Contains("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase));
        }
    }
}
