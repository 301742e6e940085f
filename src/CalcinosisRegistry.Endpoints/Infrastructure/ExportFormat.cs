using CalcinosisRegistry.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace CalcinosisRegistry.Endpoints.Infrastructure;

/// <summary>Chooses JSON or the analysts' tidy CSV: <c>format=csv</c>/<c>format=json</c> wins over <c>Accept: text/csv</c>.</summary>
public static class ExportFormat
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static bool WantsCsv(HttpContext http, string? format, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(errors);
        switch (format)
        {
            case null:
                return http.Request.Headers.Accept.Any(value => value?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
            case "csv":
                return true;
            case "json":
                return false;
            default:
                errors.Add(new ValidationError("format", "format must be json or csv."));
                return false;
        }
    }
}
