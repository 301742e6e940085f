using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Export;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Analyses;

/// <summary>
/// Spec analyses-and-disclosure.md section 2: cohort comparisons. The body is read strictly, the analysis is
/// answered from the shards' partial statistics (one call to the analysis grain), and the answer is exact for
/// admins and rounded for everyone else. The audit entry carries the body's SHA-256.
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
        HttpContext http, IGrainFactory grains, IOptions<RegistrySecurityOptions> security,
        IOptions<RegistryDisclosureOptions> disclosure, string? format = null)
    {
        var body = await RequestBody.ReadAsync(http.Request, MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The analysis body is too large",
                $"An analysis body may be at most {MaxBodyBytes / 1024} KiB.");
        }

        AuditDetail.Record(http, $"sha256:{Convert.ToHexStringLower(SHA256.HashData(body))}");
        var errors = new List<Domain.Validation.ValidationError>();
        var csv = ExportFormat.WantsCsv(http, format, errors);
        var (request, bodyErrors) = AnalysisRequestReader.Read(body);
        errors.AddRange(bodyErrors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The analysis request has faults.");
        }

        var merged = (await grains.GetRegistryGrain<IAnalysisGrain>(RegistryKeys.Analyses).AnalyzeAsync(request!)).Partial;
        var caller = CallerDisclosure.Of(http, security.Value, disclosure.Value);
        var result = caller.Exact
            ? AnalysisSummarizer.Exact(merged, request!.Compare)
            : AnalysisSummarizer.Rounded(merged, request!.Compare, caller.AnalysisRoundTo(disclosure.Value));
        // The exact answer is large (every group's full curve), so it is written as UTF-8 once, not via a string.
        return csv
            ? TypedResults.Content(AnalysisCsv.From(result, JsonOptions), ExportFormat.CsvContentType)
            : TypedResults.Bytes(JsonSerializer.SerializeToUtf8Bytes(result, JsonOptions), "application/json");
    }
}
