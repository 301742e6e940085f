using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CalcinosisRegistry.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>
/// Reads a small JSON request body (the admin API's) as strictly as the case API reads a case: unknown and duplicate
/// members, missing required members, values of the wrong JSON type and enum values not spelt exactly as documented
/// are all refused, every one named with its JSON path, before anything is deserialised. The messages speak JSON,
/// never .NET type names.
/// </summary>
public static class StrictJsonBody
{
    /// <summary>Admin requests are a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IReadOnlyList<ValidationError> Faults)> ReadAsync<T>(
        HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken) where T : class
    {
        var body = await RequestBody.ReadAsync(request, MaxBytes, cancellationToken);
        if (body is null)
        {
            return (null, [new ValidationError("$", $"The body may be at most {MaxBytes / 1024} KiB.")]);
        }

        return Read<T>(body, options);
    }

    public static (T? Value, IReadOnlyList<ValidationError> Faults) Read<T>(byte[] body, JsonSerializerOptions options) where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return (null, [new ValidationError("$", $"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).")]);
        }

        using (document)
        {
            var faults = Check(document.RootElement, options.GetTypeInfo(typeof(T)));
            return faults.Count > 0 ? (null, faults) : (document.RootElement.Deserialize<T>(options), faults);
        }
    }

    private static List<ValidationError> Check(JsonElement root, JsonTypeInfo type)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [new ValidationError("$", "The body must be a JSON object.")];
        }

        var faults = new List<ValidationError>();
        var members = type.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            var path = $"$.{member.Name}";
            if (!seen.Add(member.Name))
            {
                faults.Add(new ValidationError(path, $"'{member.Name}' appears more than once."));
            }
            else if (!members.TryGetValue(member.Name, out var property))
            {
                faults.Add(new ValidationError(path, $"Unknown member '{member.Name}'; the members are {string.Join(", ", members.Keys)}."));
            }
            else if (ValueFault(member.Value, property.PropertyType, IsNullable(type, property)) is { } fault)
            {
                faults.Add(new ValidationError(path, $"{member.Name} {fault}."));
            }
        }

        foreach (var property in type.Properties.Where(p => !seen.Contains(p.Name) && !IsNullable(type, p)))
        {
            faults.Add(new ValidationError($"$.{property.Name}", $"{property.Name} is required."));
        }

        return faults;
    }

    /// <summary>Null when the value fits the member's type, otherwise what it must be.</summary>
    private static string? ValueFault(JsonElement value, Type type, bool nullable)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : "must not be null";
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return value.ValueKind == JsonValueKind.String ? null : "must be a string";
        }

        if (type == typeof(int))
        {
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _) ? null : "must be an integer";
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(EnumWireName).ToList();
            return value.ValueKind == JsonValueKind.String && names.Contains(value.GetString()!, StringComparer.Ordinal)
                ? null
                : $"must be one of {string.Join(", ", names)} (exactly, in lower case)";
        }

        if (type.IsAssignableFrom(typeof(string[])))
        {
            return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
                ? null
                : "must be an array of strings";
        }

        throw new NotSupportedException($"StrictJsonBody does not check members of type {type.Name}; add it.");
    }

    /// <summary>The API writes and reads its enums in kebab case (see RegistryApi's JSON options).</summary>
    public static string EnumWireName(string name) => JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    /// <summary>A member is optional when its constructor parameter (or property) is declared nullable.</summary>
    private static bool IsNullable(JsonTypeInfo type, JsonPropertyInfo property)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType)
        {
            return false;
        }

        var parameter = type.Type.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per call
        var state = parameter is not null
            ? nullability.Create(parameter).WriteState
            : property.AttributeProvider is PropertyInfo info ? nullability.Create(info).WriteState : NullabilityState.Unknown;
        return state != NullabilityState.NotNull;
    }
}
