using System.Globalization;
using CalcinosisRegistry.Domain.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>
/// Query strings as strictly as bodies: a parameter the route does not take (<c>status=401</c> on the audit trail),
/// one given twice, or a value of the wrong form (<c>limit=abc</c>) is refused with a 400 naming every fault, in the
/// API's words instead of ASP.NET Core's binding messages. The parameters a route takes are its handler's
/// simple-typed parameters that are not route values, so the check cannot drift from what the handler binds.
/// </summary>
public static class StrictQuery
{
    public static TBuilder WithStrictQuery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters()
            .Where(p => p.Name is not null && IsQueryValue(p.ParameterType))
            .ToDictionary(p => p.Name!, p => Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType, StringComparer.OrdinalIgnoreCase);
        return invocation =>
        {
            var request = invocation.HttpContext.Request;
            var faults = Faults(request, parameters);
            return faults.Count > 0 ? ValueTask.FromResult<object?>(Problems.Validation(faults)) : next(invocation);
        };
    }

    private static List<ValidationError> Faults(HttpRequest request, IReadOnlyDictionary<string, Type> parameters)
    {
        var faults = new List<ValidationError>();
        if (request.Query.Count == 0)
        {
            return faults;
        }

        var accepted = parameters.Keys.Where(name => !request.RouteValues.ContainsKey(name)).ToList();
        foreach (var (key, values) in request.Query)
        {
            if (!parameters.TryGetValue(key, out var type) || request.RouteValues.ContainsKey(key))
            {
                faults.Add(new ValidationError(key, accepted.Count == 0
                    ? $"Unknown query parameter '{key}': this route takes none."
                    : $"Unknown query parameter '{key}': this route takes {string.Join(", ", accepted)}."));
            }
            else if (values.Count > 1)
            {
                faults.Add(new ValidationError(key, $"{key} is given {values.Count} times; give it once."));
            }
            else if (FormFault(values[0] ?? string.Empty, type) is { } fault)
            {
                faults.Add(new ValidationError(key, $"{key} {fault}."));
            }
        }

        return faults;
    }

    private static bool IsQueryValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(DateTimeOffset);
    }

    /// <summary>Null when <paramref name="value"/> binds to <paramref name="type"/> as ASP.NET Core would bind it.</summary>
    private static string? FormFault(string value, Type type) => type switch
    {
        _ when type == typeof(string) => null,
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "must be an integer",
        _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "must be an integer",
        _ when type == typeof(bool) => bool.TryParse(value, out _) ? null : "must be true or false",
        _ => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : "must be a date and time in ISO 8601 form, such as 2026-01-31T09:00:00Z",
    };
}
