using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>The seed's algorithm: the sum of a JSON array of numbers (<c>[1,1]</c> → <c>2</c>).</summary>
public sealed class SumAlgorithm : IAlgorithm
{
    public string Name => "sum";

    public ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        if (input.ValueKind != JsonValueKind.Array || input.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
        {
            throw new PermanentFailureException("sum expects a JSON array of numbers, e.g. [1,1].");
        }

        var integral = input.EnumerateArray().All(e => e.TryGetInt64(out _));
        return ValueTask.FromResult(integral
            ? JsonSerializer.SerializeToElement(input.EnumerateArray().Sum(e => e.GetInt64()), WorkerJsonContext.Default.Int64)
            : JsonSerializer.SerializeToElement(input.EnumerateArray().Sum(e => e.GetDouble()), WorkerJsonContext.Default.Double));
    }
}
