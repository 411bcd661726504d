using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeEngine.Contracts.Api;

/// <summary>
/// Durable Functions writes an instance's created and updated times to the second in UTC
/// (<c>2026-12-03T03:40:00Z</c>), not as System.Text.Json writes a <see cref="DateTimeOffset"/>.
/// </summary>
public sealed class DurableTimeConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
}
