using System.Globalization;
using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// The properties of one JSON object of the case document, with typed readers that report every fault to the shared
/// collector (with its path) and return null instead of stopping, so that one pass finds all faults.
/// </summary>
/// <remarks>
/// Opening an object already refuses unknown and repeated properties. An explicit <c>null</c> is treated exactly like
/// an absent property: the registry itself writes nulls for empty optional fields, so its own output must validate.
/// </remarks>
internal sealed class JsonObjectFields
{
    private readonly Dictionary<string, JsonElement> _properties;
    private readonly ValidationErrorCollector _errors;

    private JsonObjectFields(string path, Dictionary<string, JsonElement> properties, ValidationErrorCollector errors)
    {
        Path = path;
        _properties = properties;
        _errors = errors;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="element"/> as an object that may hold only <paramref name="allowedNames"/>; null if it is no object.</summary>
    public static JsonObjectFields? Open(
        JsonElement element, string path, IReadOnlyList<string> allowedNames, ValidationErrorCollector errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be an object (got {JsonValueDescription.Describe(element)})");
            return null;
        }

        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowedNames.Contains(property.Name, StringComparer.Ordinal))
            {
                // Refused, not ignored: a misspelt field must not vanish, and free text must not ride along.
                errors.Add(JsonPath.Property(path, property.Name), $"unknown property; allowed here: {string.Join(", ", allowedNames)}");
            }
            else if (!properties.TryAdd(property.Name, property.Value))
            {
                // A repeated name is ambiguous (which one counts?), so neither wins silently.
                errors.Add(JsonPath.Property(path, property.Name), "duplicate property; each property may appear only once");
            }
        }

        return new JsonObjectFields(path, properties, errors);
    }

    public string PathOf(string name) => JsonPath.Property(Path, name);

    /// <summary>The raw string value of a property, without reporting anything (used to cross-check identifiers).</summary>
    public string? PeekString(string name) =>
        _properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? ReadIdentifier(string name)
    {
        if (!TryGetPresent(name, required: true, out var value))
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is not null && CaseIdentifiers.IsValidCaseId(text))
        {
            return text;
        }

        _errors.Add(
            PathOf(name),
            $"must be a string matching {CaseIdentifiers.CaseIdPattern} (got {JsonValueDescription.Describe(value)})");
        return null;
    }

    public string? ReadRequiredString(string name)
    {
        if (!TryGetPresent(name, required: true, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        _errors.Add(PathOf(name), $"must be a string (got {JsonValueDescription.Describe(value)})");
        return null;
    }

    public string? ReadOptionalString(string name, int maxLength)
    {
        if (!TryGetPresent(name, required: false, out var value))
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is not null && text.Length <= maxLength)
        {
            return text;
        }

        _errors.Add(
            PathOf(name),
            text is null
                ? $"must be a string (got {JsonValueDescription.Describe(value)})"
                : Invariant($"must be at most {maxLength} characters long (got {text.Length})"));
        return null;
    }

    /// <summary>Reads an integer in [min, max]; a number written with a zero fraction (<c>12.0</c>) is accepted as that integer.</summary>
    public int? ReadWholeNumber(string name, bool required, int min, int max)
    {
        if (!TryGetPresent(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var number)
            && double.IsInteger(number)
            && number >= min
            && number <= max)
        {
            return (int)number;
        }

        _errors.Add(
            PathOf(name),
            Invariant($"must be a whole number from {min} to {max} (got {JsonValueDescription.Describe(value)})"));
        return null;
    }

    /// <summary>Reads a number in [min, max]; a null <paramref name="max"/> leaves it unbounded above.</summary>
    public double? ReadNumber(string name, bool required, double min, double? max)
    {
        if (!TryGetPresent(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var number)
            && number >= min
            && (max is null || number <= max))
        {
            return number;
        }

        var range = max is null ? Invariant($"of at least {min}") : Invariant($"from {min} to {max}");
        _errors.Add(PathOf(name), $"must be a number {range} (got {JsonValueDescription.Describe(value)})");
        return null;
    }

    public bool? ReadOptionalBoolean(string name)
    {
        if (!TryGetPresent(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        _errors.Add(PathOf(name), $"must be true or false (got {JsonValueDescription.Describe(value)})");
        return null;
    }

    public TEnum? ReadVocabulary<TEnum>(string name, bool required) where TEnum : struct, Enum
    {
        if (!TryGetPresent(name, required, out var value))
        {
            return null;
        }

        if (VocabularyValue.TryRead<TEnum>(value, out var parsed, out var error))
        {
            return parsed;
        }

        _errors.Add(PathOf(name), error);
        return null;
    }

    /// <summary>
    /// Reads an optional array of vocabulary values (absent → empty). A value listed twice is refused: the list is a
    /// set, and a repeat is more likely a slip for another value than a deliberate entry.
    /// </summary>
    public IReadOnlyList<TEnum>? ReadVocabularySet<TEnum>(string name) where TEnum : struct, Enum
    {
        if (FindArray(name, required: false, out var isAbsent) is not JsonElement array)
        {
            return isAbsent ? [] : null;
        }

        var arrayPath = PathOf(name);

        var values = new List<TEnum>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = JsonPath.Index(arrayPath, index++);
            if (!VocabularyValue.TryRead<TEnum>(item, out var parsed, out var error))
            {
                _errors.Add(itemPath, error);
            }
            else if (values.Contains(parsed))
            {
                _errors.Add(itemPath, $"{JsonValueDescription.Quote(item.GetString()!)} is listed more than once");
            }
            else
            {
                values.Add(parsed);
            }
        }

        return values;
    }

    /// <summary>
    /// Reads an array whose items are read by <paramref name="readItem"/> (which reports its own faults and returns
    /// null for a faulty item). An absent optional array is empty; the count limits are reported at the array's path.
    /// </summary>
    public IReadOnlyList<T>? ReadArray<T>(
        string name,
        bool required,
        ArrayCountLimits limits,
        Func<JsonElement, string, T?> readItem)
        where T : class
    {
        if (FindArray(name, required, out var isAbsent) is not JsonElement array)
        {
            return isAbsent && !required ? [] : null;
        }

        var arrayPath = PathOf(name);

        var count = array.GetArrayLength();
        if (count < limits.MinCount)
        {
            _errors.Add(arrayPath, limits.TooFewMessage);
        }

        if (count > limits.MaxCount)
        {
            _errors.Add(arrayPath, Invariant($"must hold at most {limits.MaxCount} items (got {count})"));
        }

        var items = new List<T>(count);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            // Items are still checked past the limit, so the client learns of their faults in the same round trip.
            var item = readItem(element, JsonPath.Index(arrayPath, index++));
            if (item is not null)
            {
                items.Add(item);
            }
        }

        return items;
    }

    // The array, or null when it is absent (reported if required) or not an array (reported); isAbsent tells which.
    private JsonElement? FindArray(string name, bool required, out bool isAbsent)
    {
        isAbsent = !TryGetPresent(name, required, out var value);
        if (isAbsent)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        _errors.Add(PathOf(name), $"must be an array (got {JsonValueDescription.Describe(value)})");
        return null;
    }

    private bool TryGetPresent(string name, bool required, out JsonElement value)
    {
        if (_properties.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            _errors.Add(PathOf(name), "is required");
        }

        return false;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
