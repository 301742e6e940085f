using System.Text.Json;
using System.Text.RegularExpressions;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// Finding 14.9: the registry holds de-identified cases, so free text must not carry identifiers and no text may
/// carry control characters. Two rules:
/// <list type="bullet">
/// <item>No string anywhere in the document (nor a property name) may contain a control character (NUL, tab, CR,
/// LF, ...) or a Unicode line or paragraph separator: a NUL cannot even be stored in PostgreSQL's jsonb, and line
/// breaks in a drug name only serve to smuggle text.</item>
/// <item>A course's <c>agent</c> is a drug or procedure name: letters, digits, spaces and <c>- / ( ) + . , ' %</c>;
/// no run of three or more digits (medical record numbers, phone numbers, years), nothing shaped like a date, and
/// not the words MRN, DOB, NHS or SSN. Such text is refused rather than warned about, because a warning would still
/// store it.</item>
/// </list>
/// </summary>
internal static partial class FreeTextRules
{
    /// <summary>Reports every control character in the document, at paths that have no fault reported yet (once each).</summary>
    public static void CheckControlCharacters(JsonElement root, ValidationErrorCollector errors)
    {
        var found = new ValidationErrorCollector();
        CheckControlCharacters(root, JsonPath.Root, found);
        var reported = errors.Errors.Select(error => error.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var error in found.Errors.Where(error => !reported.Contains(error.Path)))
        {
            errors.Add(error.Path, error.Message);
        }
    }

    private static void CheckControlCharacters(JsonElement element, string path, ValidationErrorCollector errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (HasControlCharacter(element.GetString()!))
                {
                    errors.Add(path, "must not contain control characters (NUL, tab, line breaks and the like)");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var propertyPath = JsonPath.Property(path, property.Name);
                    if (HasControlCharacter(property.Name))
                    {
                        errors.Add(propertyPath, "a property name must not contain control characters");
                    }

                    CheckControlCharacters(property.Value, propertyPath, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckControlCharacters(item, JsonPath.Index(path, index++), errors);
                }

                break;
        }
    }

    /// <summary>The fault of an agent's text, or null when it reads as a drug or procedure name.</summary>
    public static string? AgentFault(string agent)
    {
        if (HasControlCharacter(agent))
        {
            return null; // Reported once, by CheckControlCharacters.
        }

        if (!AgentCharacters().IsMatch(agent))
        {
            return "must be a drug or procedure name: letters, digits, spaces and - / ( ) + . , ' % only";
        }

        if (DigitRun().IsMatch(agent) || DateShape().IsMatch(agent) || IdentifierWord().IsMatch(agent))
        {
            return "looks like it holds an identifier (a number of three or more digits, a date, or MRN/DOB/NHS/SSN); the registry takes de-identified cases only, so name the agent alone";
        }

        return null;
    }

    private static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N} \-/()+.,'%]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AgentCharacters();

    [GeneratedRegex(@"\p{N}{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"\p{N}{1,4}\s*[-/.]\s*\p{N}{1,2}\s*[-/.]\s*\p{N}{1,4}", RegexOptions.CultureInvariant)]
    private static partial Regex DateShape();

    [GeneratedRegex(@"\b(MRN|DOB|NHS|SSN)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IdentifierWord();
}
