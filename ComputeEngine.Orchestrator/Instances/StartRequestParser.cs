using System.Globalization;
using System.Buffers;
using System.Text.RegularExpressions;
using ComputeEngine.Orchestrator.Api;
using ComputeEngine.Orchestrator.Dispatch;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Turns the query string and body of a start request into a <see cref="JobSpec"/>, or says what is wrong.</summary>
public static partial class StartRequestParser
{
    public const string DefaultAlgorithm = "sum";
    private const int MaxPrefixLength = 1024;

    public static (JobSpec? Spec, StartError? Error) Parse(
        string? inputCountQuery, string? algorithmQuery, ReadOnlySequence<byte> body, OrchestratorOptions options)
    {
        var (request, bodyError) = StartBodyReader.Read(body, options.MaxItemsPerJob);
        if (bodyError is not null)
        {
            return (null, bodyError);
        }

        var count = request?.InputCount;
        if (inputCountQuery is not null)
        {
            if (!int.TryParse(inputCountQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Fail("inputCount", $"inputCount must be a whole number from 1 to {options.MaxItemsPerJob}.");
            }

            if (count is not null && count != parsed)
            {
                return Fail("inputCount", "inputCount is given twice with different values.");
            }

            count = parsed;
        }

        var algorithm = algorithmQuery ?? request?.Algorithm ?? DefaultAlgorithm;
        if (!AlgorithmName().IsMatch(algorithm))
        {
            return Fail("algorithm", "algorithm must be 1 to 64 lower-case letters, digits or '-'.");
        }

        if (request?.BatchSize is { } size && (size < 1 || size > options.MaxBatchSize))
        {
            return Fail("batchSize", $"batchSize must be from 1 to {options.MaxBatchSize}.");
        }

        if (request?.Priority is { } priority && (priority < JobPriority.Lowest || priority > JobPriority.Highest))
        {
            return Fail("priority", $"priority must be from {JobPriority.Lowest} (lowest) to {JobPriority.Highest} (highest); the default is {JobPriority.Default}.");
        }

        if (request?.MaxParallelism is { } parallelism && (parallelism < 1 || parallelism > options.MaxItemsPerJob))
        {
            return Fail("maxParallelism", $"maxParallelism must be a whole number from 1 to {options.MaxItemsPerJob}.");
        }

        if (request is { PurgeInputs: true, InputBlobPrefix: null })
        {
            return Fail("purgeInputs", "purgeInputs goes with inputBlobPrefix: it deletes the blobs the prefix matched when the job is purged.");
        }

        var kinds = (count is not null ? 1 : 0) + (request?.Inputs is not null ? 1 : 0) + (request?.InputBlobPrefix is not null ? 1 : 0);
        if (kinds != 1)
        {
            return Fail("inputs", "Give exactly one of inputCount, inputs or inputBlobPrefix.");
        }

        if (count is { } n)
        {
            return n < 1 || n > options.MaxItemsPerJob
                ? Fail("inputCount", $"inputCount must be a whole number from 1 to {options.MaxItemsPerJob}.")
                : (Scheduled(new JobSpec(InputKind.Count, n, null, null, algorithm, request?.BatchSize), request), null);
        }

        if (request!.Inputs is { } inputs)
        {
            var length = request.InputsLength;
            return length < 1 || length > options.MaxItemsPerJob
                ? Fail("inputs", $"inputs must hold from 1 to {options.MaxItemsPerJob} items.")
                : (Scheduled(new JobSpec(InputKind.Inline, length, inputs, null, algorithm, request.BatchSize), request), null);
        }

        var prefix = request.InputBlobPrefix!;
        if (prefix.Length > MaxPrefixLength || prefix.StartsWith(InputSource.InternalFolder, StringComparison.Ordinal) || prefix.Any(char.IsControl))
        {
            return Fail("inputBlobPrefix", $"inputBlobPrefix must be at most {MaxPrefixLength} printable characters and not start with '{InputSource.InternalFolder}'.");
        }

        return (Scheduled(new JobSpec(InputKind.BlobPrefix, -1, null, prefix, algorithm, request.BatchSize) { PurgeInputs = request.PurgeInputs }, request), null);
    }

    /// <summary>A batch never holds more items than may run at once: a batch is dispatched whole.</summary>
    public static int BatchSizeFor(JobSpec spec, OrchestratorOptions options) =>
        Math.Min(UnlimitedBatchSizeFor(spec, options), spec.MaxParallelism ?? int.MaxValue);

    private static JobSpec Scheduled(JobSpec spec, StartRequest? request) => spec with
    {
        Priority = request?.Priority ?? JobPriority.Default,
        MaxParallelism = request?.MaxParallelism,
    };

    private static int UnlimitedBatchSizeFor(JobSpec spec, OrchestratorOptions options) => spec.BatchSize
        ?? (spec.Total < 0
            ? Math.Min(10, options.MaxBatchSize)
            : Math.Clamp((spec.Total + options.MinMessagesPerJob - 1) / options.MinMessagesPerJob, 1, options.MaxBatchSize));

    private static (JobSpec?, StartError?) Fail(string field, string detail) =>
        (null, new StartError(StatusCodes.Status400BadRequest, $"Invalid {field}", detail));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex AlgorithmName();
}
