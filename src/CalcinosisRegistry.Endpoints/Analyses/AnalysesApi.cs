using System.Text.Json;
using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Export;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Analyses;

/// <summary>
/// Spec analyses-and-disclosure.md section 2: cohort comparisons. The body is read strictly and the analysis is
/// run by <see cref="AnalysisQueries"/> (exact for admins, rounded for everyone else), which the web application's
/// builder shares. The audit entry carries the body's SHA-256.
/// </summary>
public static class AnalysesApi
{
    /// <summary>An analysis body is small: a filter and a comparison.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static RouteGroupBuilder MapAnalysesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/analyses", "Analyses", RegistryPolicies.StatisticsReader);
        group.MapPost("/", AnalyzeAsync).Audited("analysis.run")
            .Produces(StatusCodes.Status200OK, typeof(AnalysisResult), "application/json", "text/csv")
            .WithSummary("A cohort analysis: filter cases and courses, compare groups (treatment-class, calcinosis-type, sex, site, age-band), with the k-sample log-rank test. `format=csv` (or Accept: text/csv) gives tidy CSV.");
        return group;
    }

    public static async Task<Results<ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> AnalyzeAsync(
        HttpContext http, AnalysisQueries analyses, string? format = null)
    {
        var body = await RequestBody.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The analysis body is too large",
                $"An analysis body may be at most {MaxBodyBytes / 1024} KiB.");
        }

        AuditDetail.Record(http, AnalysisQueries.Digest(body));
        var errors = new List<Domain.Validation.ValidationError>();
        var csv = ExportFormat.WantsCsv(http, format, errors);
        var (request, bodyErrors) = AnalysisRequestReader.Read(body);
        errors.AddRange(bodyErrors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The analysis request has faults.");
        }

        var result = await analyses.AnalyzeAsync(http.User, request!);
        return csv
            ? TypedResults.Content(AnalysisCsv.From(result, JsonOptions), ExportFormat.CsvContentType)
            : TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(result, JsonOptions), "application/json");
    }
}
