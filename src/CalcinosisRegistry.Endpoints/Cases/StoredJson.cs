using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>
/// A JSON value the registry already holds as text (a stored case document, which it wrote itself after
/// validation): written into a response as it is, instead of being parsed into a <c>JsonElement</c> and written
/// out again on every answer.
/// </summary>
[JsonConverter(typeof(StoredJsonConverter))]
public sealed class StoredJson(string json)
{
    public string Json { get; } = json;
}
