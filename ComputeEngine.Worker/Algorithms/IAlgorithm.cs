using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>A computation the worker runs for each item: JSON in, JSON out.</summary>
public interface IAlgorithm
{
    string Name { get; }

    /// <summary>Computes one item's output. Throw <see cref="PermanentFailureException"/> when retrying cannot help.</summary>
    ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken);
}

/// <summary>A failure that retrying cannot fix (bad input, unknown algorithm): the item fails at once.</summary>
public sealed class PermanentFailureException(string message) : Exception(message);
