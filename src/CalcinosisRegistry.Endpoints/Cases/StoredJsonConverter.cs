using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>Writes a <see cref="StoredJson"/> verbatim; reads any JSON value into one (for clients of these types).</summary>
internal sealed class StoredJsonConverter : JsonConverter<StoredJson>
{
    public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new StoredJson(document.RootElement.GetRawText());
    }

    // Not validated again: the text is the registry's own serialisation of a validated document.
    public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
