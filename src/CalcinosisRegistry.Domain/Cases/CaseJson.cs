using System.Text.Json;
using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Cases;

/// <summary>The one JSON shape of the registry: camelCase names and kebab-case vocabulary values.</summary>
public static class CaseJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(CaseDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Reads a document this registry wrote itself (stored state); user input goes through the validator.</summary>
    public static CaseDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<CaseDocument>(json, Options)
        ?? throw new JsonException("A stored case document was null.");

    /// <summary>The kebab-case wire name of a vocabulary value, e.g. <c>CalciumChannelBlocker</c> → <c>calcium-channel-blocker</c>.</summary>
    public static string ToWireName<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParseWireName<TEnum>(string? wireName, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(ToWireName(candidate), wireName, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Every wire name of a vocabulary, in declaration order (for error messages and the OpenAPI document).</summary>
    public static IReadOnlyList<string> WireNames<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(v => ToWireName(v)).ToArray();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
