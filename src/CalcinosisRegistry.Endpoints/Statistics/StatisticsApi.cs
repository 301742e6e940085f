using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Statistics;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Access;
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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>
/// Contract sections 3 and 4: response and recurrence statistics per calcinosis type. The type grains hold their
/// summaries already serialised, so these handlers only stitch JSON together.
/// </summary>
public static class StatisticsApi
{
    private static readonly string[] TypeWireNames = [.. CaseJson.WireNames<CalcinosisType>()];

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
        HttpContext http, IGrainFactory grains, IOptions<RegistrySecurityOptions> security,
        IOptions<RegistryDisclosureOptions> disclosure, string? curve = null, string? site = null)
    {
        if (QueryFaults(curve, site, out var includeCurve) is { } problem)
        {
            return problem;
        }

        if (Published(grains, CallerDisclosure.Of(http, security.Value, disclosure.Value), site) is { } publishedGrain)
        {
            var published = await publishedGrain.GetAsync(includeCurve);
            return TypedResults.Content(published.Json, "application/json");
        }

        var types = await Task.WhenAll(TypeWireNames.Select(type => Statistics(grains, type, site).GetAsync(includeCurve)));
        var all = await Statistics(grains, RegistryKeys.AllTypes, site).GetAsync(includeCurve);
        RecordAge(http, all, "all");

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("casesIncluded", all.CasesIncluded);
            json.WriteString("disclosure", Domain.Statistics.Disclosure.DisclosureNames.Exact);
            json.WriteString("computedAt", all.ComputedAt);
            json.WriteStartArray("types");
            foreach (var type in types)
            {
                json.WriteRawValue(type.Json, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WritePropertyName("allTypes");
            json.WriteRawValue(all.Json, skipInputValidation: true);
            json.WriteEndObject();
        }

        return TypedResults.Content(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), "application/json");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetTypeAsync(
        string type, HttpContext http, IGrainFactory grains, IOptions<RegistrySecurityOptions> security,
        IOptions<RegistryDisclosureOptions> disclosure, string? curve = null, string? site = null, string? format = null)
    {
        if (type != RegistryKeys.AllTypes && !TypeWireNames.Contains(type))
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Unknown calcinosis type",
                $"'{type}' is not a calcinosis type; use one of {string.Join(", ", TypeWireNames)} or {RegistryKeys.AllTypes}.");
        }

        var faults = new List<Domain.Validation.ValidationError>();
        var csv = ExportFormat.WantsCsv(http, format, faults);
        if (QueryFaults(curve, site, out var includeCurve, faults) is { } problem)
        {
            return problem;
        }

        string json;
        if (Published(grains, CallerDisclosure.Of(http, security.Value, disclosure.Value), site) is { } publishedGrain)
        {
            json = (await publishedGrain.GetAsync(includeCurve)).TypeJson[type];
        }
        else
        {
            var document = await Statistics(grains, type, site).GetAsync(includeCurve);
            RecordAge(http, document, "type");
            json = document.Json;
        }

        return csv
            ? TypedResults.Content(StatisticsCsv.FromTypeJson(json), ExportFormat.CsvContentType)
            : TypedResults.Content(json, "application/json");
    }

    /// <summary>Exact figures for admins (and when access control is off, null); everyone else gets rounded or suppressed ones.</summary>
    private static IPublishedStatisticsGrain? Published(IGrainFactory grains, CallerDisclosure caller, string? site) => caller switch
    {
        { Exact: true } => null,
        { RoundTo: { } roundTo } => grains.GetRegistryGrain<IPublishedStatisticsGrain>(RegistryKeys.RoundedStatistics(roundTo, site)),
        _ => grains.GetRegistryGrain<IPublishedStatisticsGrain>(RegistryKeys.PublishedStatistics(caller.K!.Value, site)),
    };

    /// <summary>Statistics freshness: how old the summary was when served (suppressed views carry no computedAt).</summary>
    private static void RecordAge(HttpContext http, StatisticsDocument document, string scope)
    {
        if (document.ComputedAt != default)
        {
            var age = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() - document.ComputedAt;
            RegistryMetrics.StatisticsAge.Record(Math.Max(0, age.TotalSeconds), new KeyValuePair<string, object?>("scope", scope));
        }
    }

    private static ITypeStatisticsGrain Statistics(IGrainFactory grains, string type, string? site) =>
        grains.GetRegistryGrain<ITypeStatisticsGrain>(RegistryKeys.TypeStatistics(type, site));

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
