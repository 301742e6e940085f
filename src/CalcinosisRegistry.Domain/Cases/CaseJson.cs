using System.Collections.Frozen;
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
        Vocabulary<TEnum>.NameOf.TryGetValue(value, out var name) ? name : WireNameOf(value);

    public static bool TryParseWireName<TEnum>(string? wireName, out TEnum value) where TEnum : struct, Enum
    {
        if (wireName is not null && Vocabulary<TEnum>.ValueOf.TryGetValue(wireName, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Every wire name of a vocabulary, in declaration order (for error messages and the OpenAPI document).</summary>
    public static IReadOnlyList<string> WireNames<TEnum>() where TEnum : struct, Enum => Vocabulary<TEnum>.Names;

    private static string WireNameOf<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

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

    /// <summary>
    /// A vocabulary's wire names, worked out once per enum type: every vocabulary field of every submitted case is
    /// looked up here, and converting each candidate's name again on every lookup showed in the write path's profile.
    /// </summary>
    private static class Vocabulary<TEnum> where TEnum : struct, Enum
    {
        private static readonly (TEnum Value, string Name)[] Entries =
            [.. Enum.GetValues<TEnum>().Select(value => (value, WireNameOf(value)))];

        public static readonly IReadOnlyList<string> Names = [.. Entries.Select(entry => entry.Name)];

        public static readonly FrozenDictionary<TEnum, string> NameOf =
            Entries.DistinctBy(entry => entry.Value).ToFrozenDictionary(entry => entry.Value, entry => entry.Name);

        // The first value of a name wins, as a search in declaration order would.
        public static readonly FrozenDictionary<string, TEnum> ValueOf = Entries
            .DistinctBy(entry => entry.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(entry => entry.Name, entry => entry.Value, StringComparer.Ordinal);
    }
}
