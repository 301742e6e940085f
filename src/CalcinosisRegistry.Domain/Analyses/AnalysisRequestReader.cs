using System.Text.Json;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// Reads an analysis body strictly: unknown members, values outside the contract's vocabularies, empty lists,
/// non-integer or inverted ranges are all refused, each fault named with its JSON path. An empty body is <c>{}</c>.
/// </summary>
public static class AnalysisRequestReader
{
    private static readonly string[] TopMembers = ["filter", "compare"];
    private static readonly string[] FilterMembers =
        ["calcinosisTypes", "underlyingConditions", "sex", "ageAtOnset", "diagnosisYear", "sites", "treatmentClasses"];
    private static readonly string[] RangeMembers = ["min", "max"];

    public static (AnalysisRequest? Request, IReadOnlyList<ValidationError> Errors) Read(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (AnalysisRequest.Everything, []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException exception)
        {
            return (null, [new ValidationError("$", $"The body is not valid JSON: {exception.Message}")]);
        }

        using (document)
        {
            var errors = new List<ValidationError>();
            var request = ReadRequest(document.RootElement, errors);
            return errors.Count == 0 ? (request, []) : (null, errors);
        }
    }

    private static AnalysisRequest ReadRequest(JsonElement root, List<ValidationError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("$", "The body must be a JSON object."));
            return AnalysisRequest.Everything;
        }

        CheckMembers(root, "$", TopMembers, errors);
        var filter = AnalysisFilter.Everything;
        if (Member(root, "filter") is { } filterElement)
        {
            filter = ReadFilter(filterElement, errors);
        }

        var compare = AnalysisComparison.None;
        if (Member(root, "compare") is { } compareElement && !VocabularyValue.TryRead(compareElement, out compare, out var error))
        {
            errors.Add(new ValidationError("$.compare", error));
        }

        return new AnalysisRequest(filter, compare);
    }

    private static AnalysisFilter ReadFilter(JsonElement element, List<ValidationError> errors)
    {
        const string path = "$.filter";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "filter must be an object."));
            return AnalysisFilter.Everything;
        }

        CheckMembers(element, path, FilterMembers, errors);
        return new AnalysisFilter(
            VocabularyList<CalcinosisType>(element, path, "calcinosisTypes", errors),
            VocabularyList<UnderlyingCondition>(element, path, "underlyingConditions", errors),
            VocabularyList<Sex>(element, path, "sex", errors),
            Range(element, path, "ageAtOnset", errors),
            Range(element, path, "diagnosisYear", errors),
            SiteList(element, path, errors),
            VocabularyList<TreatmentClass>(element, path, "treatmentClasses", errors));
    }

    private static List<TEnum>? VocabularyList<TEnum>(JsonElement parent, string parentPath, string name, List<ValidationError> errors)
        where TEnum : struct, Enum
    {
        if (ListMember(parent, parentPath, name, errors) is not { } items)
        {
            return null;
        }

        var values = new List<TEnum>();
        var index = 0;
        foreach (var item in items)
        {
            if (VocabularyValue.TryRead<TEnum>(item, out var value, out var error))
            {
                values.Add(value);
            }
            else
            {
                errors.Add(new ValidationError($"{parentPath}.{name}[{index}]", error));
            }

            index++;
        }

        return values;
    }

    private static List<string>? SiteList(JsonElement parent, string parentPath, List<ValidationError> errors)
    {
        if (ListMember(parent, parentPath, "sites", errors) is not { } items)
        {
            return null;
        }

        var sites = new List<string>();
        var index = 0;
        foreach (var item in items)
        {
            var site = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (CaseIdentifiers.IsValidSiteId(site))
            {
                sites.Add(site!);
            }
            else
            {
                errors.Add(new ValidationError($"{parentPath}.sites[{index}]", $"A site id must be a string matching {CaseIdentifiers.SiteIdPattern}."));
            }

            index++;
        }

        return sites;
    }

    private static List<JsonElement>? ListMember(JsonElement parent, string parentPath, string name, List<ValidationError> errors)
    {
        if (Member(parent, name) is not { } element)
        {
            return null;
        }

        var path = $"{parentPath}.{name}";
        if (element.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(path, $"{name} must be an array."));
            return null;
        }

        var items = element.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            errors.Add(new ValidationError(path, $"{name} must list at least one value (leave it out to include every value)."));
        }

        return items;
    }

    private static IntRange? Range(JsonElement parent, string parentPath, string name, List<ValidationError> errors)
    {
        if (Member(parent, name) is not { } element)
        {
            return null;
        }

        var path = $"{parentPath}.{name}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, $"{name} must be an object with min and/or max."));
            return null;
        }

        CheckMembers(element, path, RangeMembers, errors);
        var min = RangeEnd(element, path, "min", errors);
        var max = RangeEnd(element, path, "max", errors);
        if (min > max)
        {
            errors.Add(new ValidationError(path, $"{name}.min ({min}) is greater than {name}.max ({max})."));
        }

        return new IntRange(min, max);
    }

    private static int? RangeEnd(JsonElement range, string rangePath, string name, List<ValidationError> errors)
    {
        if (Member(range, name) is not { } element)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value))
        {
            return value;
        }

        errors.Add(new ValidationError($"{rangePath}.{name}", $"{name} must be an integer, not {JsonValueDescription.Describe(element)}."));
        return null;
    }

    /// <summary>A member's value, or null when it is absent or JSON null (both mean: not given).</summary>
    private static JsonElement? Member(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static void CheckMembers(JsonElement element, string path, string[] allowed, List<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new ValidationError($"{path}.{property.Name}", $"Unknown member '{property.Name}'; allowed: {string.Join(", ", allowed)}."));
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(new ValidationError($"{path}.{property.Name}", $"Duplicate member '{property.Name}'."));
            }
        }
    }
}
