using System.Buffers;
using System.Text.Json;

namespace ComputeEngine.Cli.Inputs;

/// <summary>The JSON body of a start request: one of <c>inputCount</c>, <c>inputs</c> or <c>inputBlobPrefix</c>, with the job's options.</summary>
public sealed record JobOptions(string? Algorithm, int? BatchSize, int? Priority = null, int? MaxParallelism = null);

public static class StartBody
{
    public static byte[] ForCount(int count, JobOptions options) => Write(options, json => json.WriteNumber("inputCount", count));

    /// <summary>A job over files uploaded for it alone: its purge deletes them too.</summary>
    public static byte[] ForBlobPrefix(string prefix, JobOptions options) => Write(options, json =>
    {
        json.WriteString("inputBlobPrefix", prefix);
        json.WriteBoolean("purgeInputs", true);
    });

    /// <summary>Reads one JSON input per line (blank lines skipped) into an <c>inputs</c> array, naming the first line that is not JSON.</summary>
    public static async Task<(byte[] Body, int Count)> ForJsonLinesAsync(TextReader reader, string source, JobOptions options, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var count = 0;
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("inputs");
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    json.WriteRawValue(line);
                }
                catch (Exception e) when (e is JsonException or ArgumentException)
                {
                    throw CliException.InvalidInput($"{source} line {lineNumber} is not one JSON value: {Shorten(line)}", e);
                }

                count++;
            }

            json.WriteEndArray();
            WriteOptions(json, options);
            json.WriteEndObject();
        }

        if (count == 0)
        {
            throw CliException.InvalidInput($"{source} holds no inputs: write one JSON value per line.");
        }

        return (buffer.WrittenSpan.ToArray(), count);
    }

    private static byte[] Write(JobOptions options, Action<Utf8JsonWriter> writeInputs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeInputs(json);
            WriteOptions(json, options);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOptions(Utf8JsonWriter json, JobOptions options)
    {
        if (options.Algorithm is not null)
        {
            json.WriteString("algorithm", options.Algorithm);
        }

        if (options.BatchSize is { } batchSize)
        {
            json.WriteNumber("batchSize", batchSize);
        }

        if (options.Priority is { } priority)
        {
            json.WriteNumber("priority", priority);
        }

        if (options.MaxParallelism is { } maxParallelism)
        {
            json.WriteNumber("maxParallelism", maxParallelism);
        }
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";
}
