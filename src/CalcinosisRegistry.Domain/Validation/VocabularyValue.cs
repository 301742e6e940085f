using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>Reads one kebab-case vocabulary value, explaining a refusal with the full list of allowed values.</summary>
internal static class VocabularyValue
{
    public static bool TryRead<TEnum>(JsonElement element, out TEnum value, out string error)
        where TEnum : struct, Enum
    {
        // Exact, case-sensitive wire names only: "Female" or "XRay" would be a second spelling of the same value.
        if (element.ValueKind == JsonValueKind.String && CaseJson.TryParseWireName(element.GetString(), out value))
        {
            error = string.Empty;
            return true;
        }

        value = default;
        error = $"must be one of: {string.Join(", ", CaseJson.WireNames<TEnum>())} (got {JsonValueDescription.Describe(element)})";
        return false;
    }
}
