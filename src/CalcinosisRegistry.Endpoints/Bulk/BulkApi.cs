using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Interchange.Csv;
using CalcinosisRegistry.Interchange.Fhir;
using CalcinosisRegistry.Interchange.Ndjson;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Bulk;

/// <summary>Bulk data in and out of a site (issue 18): exports as a CSV bundle, NDJSON or FHIR R4.</summary>
public static class BulkApi
{
    public static RouteGroupBuilder MapBulkApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/sites/{siteId}", "Bulk", RegistryPolicies.Researcher)
            .AddEndpointFilter<CallerContextFilter>();
        group.MapGet("/export", ExportAsync).Audited("site.export")
            .WithSummary("The site's live cases as a zipped CSV bundle (format=csv), NDJSON case documents (ndjson) or FHIR R4 Bundles as NDJSON (fhir).");
        return group;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportAsync(
        string siteId, HttpContext http, IGrainFactory grains, SiteAccess access, string? format = null)
    {
        var faults = new List<ValidationError>();
        if (!CaseIdentifiers.IsValidSiteId(siteId))
        {
            faults.Add(new ValidationError("siteId", $"The site id must match {CaseIdentifiers.SiteIdPattern}."));
        }

        if (!TryParseFormat(format, out var exportFormat))
        {
            faults.Add(new ValidationError("format", $"The format must be one of csv, ndjson, fhir (got '{format}')."));
        }

        if (faults.Count > 0)
        {
            return Problems.Validation(faults, "The request has faults; nothing was exported.");
        }

        if (access.Check(http.User, siteId, write: false) is { } refused)
        {
            return refused;
        }

        var export = await SiteExport.WriteAsync(exportFormat, siteId, SiteCases.ReadAsync(grains, siteId, http.RequestAborted), http.RequestAborted);
        AuditDetail.Record(http, export.Describe(exportFormat));
        var file = export.OpenForSending();
        http.Response.RegisterForDisposeAsync(file);
        var (mediaType, extension) = exportFormat switch
        {
            ExportFormat.Csv => (CsvBundleArchive.MediaType, "zip"),
            ExportFormat.Fhir => (FhirNdjsonWriter.MediaType, "fhir.ndjson"),
            _ => (NdjsonCaseWriter.MediaType, "ndjson"),
        };
        return TypedResults.Stream(file, mediaType, $"{siteId}.{extension}");
    }

    private static bool TryParseFormat(string? text, out ExportFormat format)
    {
        format = ExportFormat.Csv;
        return text is null || Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format) && !text.Any(char.IsDigit);
    }
}
