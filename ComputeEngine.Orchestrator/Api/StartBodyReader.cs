using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ComputeEngine.Orchestrator.Instances;

namespace ComputeEngine.Orchestrator.Api;

/// <summary>
/// Reads a start body token by token where it lies: the inputs array is counted and sliced, never
/// materialised, so a maximal body costs its buffer and little more. Names match as the web JSON
/// defaults do (any case; numbers may be quoted).
/// </summary>
public static class StartBodyReader
{
    private const int MaxNameBytes = 64;
    private const int MaxTextBytes = 8 * 1024;
    private const string Shape = """{"inputs": [...], "inputCount": n, "inputBlobPrefix": "...", "algorithm": "...", "batchSize": n, "purgeInputs": bool, "priority": n, "maxParallelism": n}""";

    /// <summary>The request a body holds: none for an empty or <c>null</c> body; counting stops past <paramref name="maxItems"/>.</summary>
    public static (StartRequest? Request, StartError? Error) Read(ReadOnlySequence<byte> body, int maxItems)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        // The default depth (64) is what every later reader of these inputs allows too.
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
            {
                return (null, null);
            }

            (StartRequest? Request, StartError? Error) result = reader.TokenType switch
            {
                JsonTokenType.StartArray => InputsOnly(ref reader, body, maxItems),
                JsonTokenType.StartObject => ReadObject(ref reader, body, maxItems),
                _ => (null, Invalid("body", "The body must be a JSON object or an array of inputs.")),
            };

            // A body with more than one value (or trailing junk) is not one request.
            if (result.Error is null && result.Request is { InputsLength: var length } && length <= maxItems && reader.Read())
            {
                return (null, Invalid("body", "The body holds more than one JSON value."));
            }

            return result;
        }
        catch (JsonException e)
        {
            return (null, Invalid("body", $"The body is not valid JSON: {e.Message}"));
        }
    }

    private static (StartRequest?, StartError?) InputsOnly(ref Utf8JsonReader reader, ReadOnlySequence<byte> body, int maxItems)
    {
        var (inputs, length) = ReadArray(ref reader, body, maxItems);
        return (new StartRequest(inputs, length), null);
    }

    private static (StartRequest?, StartError?) ReadObject(ref Utf8JsonReader reader, ReadOnlySequence<byte> body, int maxItems)
    {
        var request = new StartRequest();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A name longer than any field is not one of them: skipped unread.
            var name = ValueLength(ref reader) <= MaxNameBytes ? reader.GetString()!.ToLowerInvariant() : "";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (name)
            {
                case "inputs" when reader.TokenType != JsonTokenType.StartArray:
                    return (null, Invalid("inputs", "inputs must be a JSON array."));
                case "inputs":
                    var (inputs, length) = ReadArray(ref reader, body, maxItems);
                    request = request with { Inputs = inputs, InputsLength = length };
                    if (length > maxItems)
                    {
                        return (request, null);
                    }

                    break;
                case "inputcount":
                    request = request with { InputCount = Int(ref reader) };
                    break;
                case "batchsize":
                    request = request with { BatchSize = Int(ref reader) };
                    break;
                case "algorithm":
                    request = request with { Algorithm = Text(ref reader) };
                    break;
                case "priority":
                    request = request with { Priority = Int(ref reader) };
                    break;
                case "maxparallelism":
                    request = request with { MaxParallelism = Int(ref reader) };
                    break;
                case "purgeinputs":
                    request = request with { PurgeInputs = Bool(ref reader) };
                    break;
                case "inputblobprefix":
                    request = request with { InputBlobPrefix = Text(ref reader) };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (request, null);
    }

    /// <summary>The array the reader stands on, as a slice of the body, and how many values it holds (up to one past the limit).</summary>
    private static (ReadOnlySequence<byte> Inputs, int Length) ReadArray(ref Utf8JsonReader reader, ReadOnlySequence<byte> body, int maxItems)
    {
        var start = reader.TokenStartIndex;
        var length = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (++length > maxItems)
            {
                return (default, length);
            }

            reader.Skip();
        }

        return (body.Slice(start, reader.BytesConsumed - start), length);
    }

    private static int Int(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String
            && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new JsonException($"Expected a whole number where the body has {Describe(ref reader)}; the body must be {Shape}.");
    }

    private static bool Bool(ref Utf8JsonReader reader) => reader.TokenType is JsonTokenType.True or JsonTokenType.False
        ? reader.GetBoolean()
        : throw new JsonException($"Expected true or false where the body has {Describe(ref reader)}; the body must be {Shape}.");

    private static string Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string where the body has {Describe(ref reader)}; the body must be {Shape}.");
        }

        // Decoded only when short: no text field of a start request is longer, and a huge one must not cost its size twice.
        return ValueLength(ref reader) <= MaxTextBytes
            ? reader.GetString()!
            : throw new JsonException($"A text field is longer than {MaxTextBytes} bytes; the body must be {Shape}.");
    }

    private static long ValueLength(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;

    private static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.StartObject ? "an object" : "an array";
        }

        const int Shown = 40;
        var length = ValueLength(ref reader);
        var head = reader.HasValueSequence
            ? reader.ValueSequence.Slice(0, Math.Min(length, Shown)).ToArray()
            : reader.ValueSpan[..(int)Math.Min(length, Shown)].ToArray();
        return Encoding.UTF8.GetString(head) + (length > Shown ? "…" : "");
    }

    private static StartError Invalid(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, $"Invalid {field}", detail);
}
