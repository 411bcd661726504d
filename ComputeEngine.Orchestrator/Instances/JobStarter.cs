using System.Diagnostics;
using System.Text.Json;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;
using Nerdbank.Streams;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Records a new job durably (inputs first, then the header) and hands it to the dispatcher.</summary>
public sealed class JobStarter(
    StorageClients storage,
    InstanceStore store,
    PrefixSnapshot snapshot,
    DispatchQueue dispatch,
    TimeProvider clock,
    IOptions<OrchestratorOptions> options)
{
    // Inputs up to this size are echoed by showInput; larger ones are summarised.
    private const int MaxEchoedInputChars = 16 * 1024;

    public const string FunctionName = "ComputeOrchestrator";

    /// <summary>Starts the job; no header (and no error) when the id is taken, an error when the inputs can't be a job.</summary>
    /// <param name="copyInputsFrom">A stored inputs blob (or blob-prefix snapshot) to run again: a restart.</param>
    public async Task<(InstanceHeader? Header, StartError? Error)> StartAsync(string instanceId, JobSpec spec, string? copyInputsFrom, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(instanceId, cancellationToken) is not null)
        {
            return (null, null);
        }

        string? inputBlob = null;
        var total = spec.Total;
        if (spec.InputKind != InputKind.Count)
        {
            // A name of its own: concurrent starts of one id must not overwrite the winner's inputs.
            inputBlob = InputBlobNames.Inputs(instanceId, Guid.NewGuid());
            if (spec.InputKind == InputKind.Inline || copyInputsFrom is not null)
            {
                await UploadInputsAsync(inputBlob, spec, copyInputsFrom, cancellationToken);
            }
            else
            {
                var (count, error) = await snapshot.TakeAsync(inputBlob, spec.InputPrefix!, options.Value.MaxItemsPerJob, cancellationToken);
                if (error is not null)
                {
                    return (null, error);
                }

                total = count;
            }
        }

        using var span = OrchestratorTelemetry.Source.StartActivity("start job");
        span?.SetTag("computeengine.instance_id", instanceId);
        span?.SetTag("computeengine.items", spec.Total);
        span?.SetTag("computeengine.algorithm", spec.Algorithm);
        var now = clock.GetUtcNow();
        var header = new InstanceHeader
        {
            PartitionKey = instanceId,
            Name = FunctionName,
            RuntimeStatus = RuntimeStatus.Pending,
            CreatedTime = now,
            LastUpdatedTime = now,
            Algorithm = spec.Algorithm,
            InputKind = spec.InputKind,
            InputBlob = inputBlob,
            InputPrefix = spec.InputPrefix,
            PurgeInputs = spec.PurgeInputs,
            Input = spec.Description ?? DescribeInput(spec, inputBlob),
            Total = total,
            BatchSize = spec.BatchSizeFor(options.Value),
            Priority = spec.Priority,
            MaxParallelism = spec.MaxParallelism,
            TraceParent = Activity.Current?.Id,
        };
        JobLifecycle.AddHistory(header, new HistoryEvent("ExecutionScheduled", now, FunctionName));
        if (!await store.TryCreateAsync(header, cancellationToken))
        {
            if (inputBlob is not null)
            {
                await storage.Container(StorageNames.InputContainer).DeleteBlobIfExistsAsync(inputBlob, cancellationToken: cancellationToken);
            }

            return (null, null);
        }

        OrchestratorTelemetry.JobsStarted.Add(1);
        dispatch.Kick(instanceId);
        return (header, null);
    }

    /// <summary>
    /// The spec that started <paramref name="header"/>, for a restart; only a restart under the same id takes
    /// over owning (and so purging) the inputs, since the original job of a new-id restart still holds them.
    /// </summary>
    public static JobSpec SpecOf(InstanceHeader header, bool sameId) => new(
        header.InputKind,
        header.Total,
        null,
        header.InputPrefix,
        header.Algorithm,
        header.BatchSize,
        // The same input as the original shows, unless it names the original's inputs blob.
        header.Input is { } input && !input.Contains("\"inputsBlob\"", StringComparison.Ordinal) ? input : null)
    {
        PurgeInputs = sameId && header.PurgeInputs,
        Priority = header.Priority,
        MaxParallelism = header.MaxParallelism,
    };

    /// <summary>Copies a job's inputs (or prefix snapshot) out of its folder so they survive its purge (restart under the same id).</summary>
    public async Task<string?> StashInputsAsync(InstanceHeader header, CancellationToken cancellationToken)
    {
        if (header.InputBlob is null)
        {
            return null;
        }

        var container = storage.Container(StorageNames.InputContainer);
        var stash = InputBlobNames.RestartStash(Guid.NewGuid());
        await using var source = await container.GetBlobClient(header.InputBlob).OpenReadAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(stash).UploadAsync(source, overwrite: true, cancellationToken);
        return stash;
    }

    public Task DeleteStashAsync(string? stash, CancellationToken cancellationToken) => stash is null
        ? Task.CompletedTask
        : storage.Container(StorageNames.InputContainer).DeleteBlobIfExistsAsync(stash, cancellationToken: cancellationToken);

    private async Task UploadInputsAsync(string blobName, JobSpec spec, string? copyFrom, CancellationToken cancellationToken)
    {
        var container = storage.Container(StorageNames.InputContainer);
        var target = container.GetBlobClient(blobName);
        if (copyFrom is not null)
        {
            await using var source = await container.GetBlobClient(copyFrom).OpenReadAsync(cancellationToken: cancellationToken);
            await target.UploadAsync(source, overwrite: true, cancellationToken);
            return;
        }

        // Uploaded from the request's own buffer: the inputs are not copied on the way.
        await using var inputs = spec.Inputs!.Value.AsStream();
        await target.UploadAsync(inputs, overwrite: true, cancellationToken);
    }

    private static string DescribeInput(JobSpec spec, string? inputBlob)
    {
        // Measured as stored: JSON writes a non-ASCII character as six, and a Table property holds 32K.
        var echoed = Describe(spec, inputBlob, echoInputs: true);
        return echoed.Length <= MaxEchoedInputChars ? echoed : Describe(spec, inputBlob, echoInputs: false);
    }

    private static string Describe(JobSpec spec, string? inputBlob, bool echoInputs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (spec.InputKind)
            {
                case InputKind.Count:
                    writer.WriteNumber("inputCount", spec.Total);
                    break;
                case InputKind.Inline when echoInputs && spec.Inputs is { } inputs && inputs.Length <= MaxEchoedInputChars:
                    // Rewritten, not copied raw: the writer escapes as the stored text will be measured.
                    using (var document = JsonDocument.Parse(inputs))
                    {
                        writer.WritePropertyName("inputs");
                        document.RootElement.WriteTo(writer);
                    }

                    break;
                case InputKind.Inline:
                    writer.WriteNumber("inputCount", spec.Total);
                    writer.WriteString("inputsBlob", $"{StorageNames.InputContainer}/{inputBlob}");
                    break;
                default:
                    writer.WriteString("inputBlobPrefix", spec.InputPrefix);
                    break;
            }

            writer.WriteString("algorithm", spec.Algorithm);
            writer.WriteNumber("priority", spec.Priority);
            if (spec.MaxParallelism is { } parallelism)
            {
                writer.WriteNumber("maxParallelism", parallelism);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
