using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ComputeEngine.Dashboard.Components.Shared;

/// <summary>Indented JSON for people: an item's input and output.</summary>
public static class PrettyJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(JsonElement? value)
    {
        if (value is not { } element)
        {
            return "–";
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The text indented when it is JSON, else as it is.</summary>
    public static string Format(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Format(document.RootElement);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
