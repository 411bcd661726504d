using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>Waits that turn a job hung in <c>Running</c> into a failed assertion naming where it stuck.</summary>
public static class JobWaits
{
    public static async Task<JsonElement> EndsWithinAsync(DurableClient client, string id, TimeSpan within, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(within);
        try
        {
            return await client.WaitForAsync(id, bound.Token, "Completed", "Failed", "Terminated");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var (_, status) = await client.GetStatusAsync(id, cancellationToken);
            Assert.Fail($"job {id} did not end within {within}: {status.GetProperty("runtimeStatus")} at {status.GetProperty("customStatus")}");
            throw;
        }
    }

    public static async Task<JsonElement> FailedAtLeastAsync(DurableClient client, string id, int failed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (_, status) = await client.GetStatusAsync(id, cancellationToken);
            if (status.ValueKind == JsonValueKind.Object && JobAssertions.Count(status, "failed") >= failed)
            {
                return status;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public static string FaultFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fault-").FullName, "on");
        File.WriteAllText(path, "");
        return path;
    }
}
