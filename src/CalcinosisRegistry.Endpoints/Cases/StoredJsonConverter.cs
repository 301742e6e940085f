using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>Writes a <see cref="StoredJson"/> verbatim. Answers only: the registry never reads one from a request.</summary>
internal sealed class StoredJsonConverter : JsonConverter<StoredJson>
{
    public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{nameof(StoredJson)} is written into answers only; requests are read by the validator.");

    // Not validated again: the text is the registry's own serialisation of a validated document.
    public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
