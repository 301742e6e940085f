using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Export;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>
/// Contract sections 3 and 4: response and recurrence statistics per calcinosis type. The handlers read the query
/// strictly and take the caller's figures from <see cref="StatisticsQueries"/>, which the web application shares.
/// </summary>
public static class StatisticsApi
{
    public static RouteGroupBuilder MapStatisticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/statistics", "Statistics", RegistryPolicies.StatisticsReader)
            .AddEndpointFilter<KnownSiteFilter>();
        group.MapGet("/", GetAllAsync).Audited("statistics.read")
            .Produces<AllStatisticsShape>(contentType: "application/json")
            .WithSummary("Every calcinosis type's statistics, and all types together. `curve=false` leaves out the Kaplan–Meier curves; `site=` limits them to one site's cases.");
        group.MapGet("/types/{type}", GetTypeAsync).Audited("statistics.read-type")
            .Produces(StatusCodes.Status200OK, typeof(TypeStatistics), "application/json", "text/csv")
            .WithSummary("One calcinosis type's statistics (dystrophic, metastatic, idiopathic, iatrogenic, or all). `format=csv` (or Accept: text/csv) gives tidy CSV.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAllAsync(
        HttpContext http, StatisticsQueries statistics, string? curve = null, string? site = null)
    {
        if (QueryFaults(curve, site, out var includeCurve) is { } problem)
        {
            return problem;
        }

        return TypedResults.Content(await statistics.AllJsonAsync(http.User, includeCurve, site), "application/json");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetTypeAsync(
        string type, HttpContext http, StatisticsQueries statistics, string? curve = null, string? site = null, string? format = null)
    {
        if (!StatisticsQueries.IsType(type))
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Unknown calcinosis type",
                $"'{type}' is not a calcinosis type; use one of {string.Join(", ", StatisticsQueries.TypeWireNames)} or {RegistryKeys.AllTypes}.");
        }

        var faults = new List<Domain.Validation.ValidationError>();
        var csv = ExportFormat.WantsCsv(http, format, faults);
        if (QueryFaults(curve, site, out var includeCurve, faults) is { } problem)
        {
            return problem;
        }

        var json = await statistics.TypeJsonAsync(http.User, type, includeCurve, site);
        return csv
            ? TypedResults.Content(StatisticsCsv.FromTypeJson(json), ExportFormat.CsvContentType)
            : TypedResults.Content(json, "application/json");
    }

    /// <summary>
    /// Reads <c>curve</c> strictly (a typo must not silently return a different shape) and checks <c>site</c>, which
    /// limits the statistics to one site's cases under the same suppression rules.
    /// </summary>
    private static ProblemHttpResult? QueryFaults(string? curve, string? site, out bool includeCurve, List<Domain.Validation.ValidationError>? faults = null)
    {
        faults ??= [];
        includeCurve = true;
        if (curve is not null && !bool.TryParse(curve, out includeCurve))
        {
            faults.Add(new Domain.Validation.ValidationError("curve", "curve must be true or false."));
        }

        if (site is not null && !CaseIdentifiers.IsValidSiteId(site))
        {
            faults.Add(new Domain.Validation.ValidationError("site", $"site must match {CaseIdentifiers.SiteIdPattern}."));
        }

        return faults.Count == 0 ? null : Problems.Validation(faults);
    }
}
