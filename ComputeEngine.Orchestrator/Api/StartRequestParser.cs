using System.Globalization;
using System.Buffers;
using System.Text.RegularExpressions;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Api;

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

        var (count, countError) = Count(inputCountQuery, request, options);
        if (countError is not null)
        {
            return (null, countError);
        }

        var algorithm = algorithmQuery ?? request?.Algorithm ?? DefaultAlgorithm;
        if (Settings(algorithm, request, options) is { } settingsError)
        {
            return (null, settingsError);
        }

        var kinds = (count is not null ? 1 : 0) + (request?.Inputs is not null ? 1 : 0) + (request?.InputBlobPrefix is not null ? 1 : 0);
        return kinds != 1
            ? Fail("inputs", "Give exactly one of inputCount, inputs or inputBlobPrefix.")
            : Spec(count, algorithm, request, options);
    }

    /// <summary>The <c>inputCount</c> of the query string or the body; both may give it, if they agree.</summary>
    private static (int? Count, StartError? Error) Count(string? inputCountQuery, StartRequest? request, OrchestratorOptions options)
    {
        var count = request?.InputCount;
        if (inputCountQuery is null)
        {
            return (count, null);
        }

        if (!int.TryParse(inputCountQuery, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return (null, Invalid("inputCount", $"inputCount must be a whole number from 1 to {options.MaxItemsPerJob}."));
        }

        return count is not null && count != parsed
            ? (null, Invalid("inputCount", "inputCount is given twice with different values."))
            : (parsed, null);
    }

    /// <summary>What is wrong with the job's settings (algorithm, batch size, priority, parallelism, purgeInputs), if anything.</summary>
    private static StartError? Settings(string algorithm, StartRequest? request, OrchestratorOptions options)
    {
        if (!AlgorithmName().IsMatch(algorithm))
        {
            return Invalid("algorithm", "algorithm must be 1 to 64 lower-case letters, digits or '-'.");
        }

        if (request?.BatchSize is { } size && (size < 1 || size > options.MaxBatchSize))
        {
            return Invalid("batchSize", $"batchSize must be from 1 to {options.MaxBatchSize}.");
        }

        if (request?.Priority is { } priority && (priority < JobPriority.Lowest || priority > JobPriority.Highest))
        {
            return Invalid("priority", $"priority must be from {JobPriority.Lowest} (lowest) to {JobPriority.Highest} (highest); the default is {JobPriority.Default}.");
        }

        if (request?.MaxParallelism is { } parallelism && (parallelism < 1 || parallelism > options.MaxItemsPerJob))
        {
            return Invalid("maxParallelism", $"maxParallelism must be a whole number from 1 to {options.MaxItemsPerJob}.");
        }

        return request is { PurgeInputs: true, InputBlobPrefix: null }
            ? Invalid("purgeInputs", "purgeInputs goes with inputBlobPrefix: it deletes the blobs the prefix matched when the job is purged.")
            : null;
    }

    /// <summary>The job of the one kind of input given: a count, an inputs array or a blob prefix.</summary>
    private static (JobSpec?, StartError?) Spec(int? count, string algorithm, StartRequest? request, OrchestratorOptions options)
    {
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
        if (prefix.Length > MaxPrefixLength || prefix.StartsWith(InputBlobNames.InternalFolder, StringComparison.Ordinal) || prefix.Any(char.IsControl))
        {
            return Fail("inputBlobPrefix", $"inputBlobPrefix must be at most {MaxPrefixLength} printable characters and not start with '{InputBlobNames.InternalFolder}'.");
        }

        return (Scheduled(new JobSpec(InputKind.BlobPrefix, -1, null, prefix, algorithm, request.BatchSize) { PurgeInputs = request.PurgeInputs }, request), null);
    }

    private static JobSpec Scheduled(JobSpec spec, StartRequest? request) => spec with
    {
        Priority = request?.Priority ?? JobPriority.Default,
        MaxParallelism = request?.MaxParallelism,
    };

    private static (JobSpec?, StartError?) Fail(string field, string detail) => (null, Invalid(field, detail));

    private static StartError Invalid(string field, string detail) => new(StatusCodes.Status400BadRequest, $"Invalid {field}", detail);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex AlgorithmName();
}
