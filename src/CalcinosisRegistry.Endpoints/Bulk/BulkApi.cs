using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Bulk;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Interchange;
using CalcinosisRegistry.Interchange.Csv;
using CalcinosisRegistry.Interchange.Fhir;
using CalcinosisRegistry.Interchange.Ndjson;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

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
        group.MapPost("/imports", StageImportAsync).Audited("import.stage")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Stage an import (zipped CSV bundle or NDJSON): every case validated and previewed; nothing is stored yet.");
        group.MapGet("/imports/{importId}", GetImportAsync).Audited("import.read")
            .WithSummary("An import's phase, preview, commit progress and outcomes, with a page of its faults and cases.");
        group.MapPost("/imports/{importId}/commit", CommitImportAsync).Audited("import.commit")
            .WithSummary("Write the import's valid cases as PUTs would; refused cases block it unless skipRefused=true. Re-committing is a no-op.");
        return group;
    }

    public static async Task<Results<Created<ImportStatusResponse>, ProblemHttpResult>> StageImportAsync(
        string siteId, HttpContext http, IGrainFactory grains, IImportStagingStore staging, SiteAccess access, TimeProvider clock, IConfiguration configuration)
    {
        if (!CaseIdentifiers.IsValidSiteId(siteId))
        {
            return Problems.Validation([new ValidationError("siteId", $"The site id must match {CaseIdentifiers.SiteIdPattern}.")]);
        }

        if (access.Check(http.User, siteId, write: true) is { } refused)
        {
            return refused;
        }

        var settings = BulkSettings.From(configuration);
        await using var upload = await ImportUpload.ReceiveAsync(http.Request, settings.MaxUploadBytes, settings.ScratchDirectory, http.RequestAborted);
        if (upload is null)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "The upload is too large",
                $"An import may be at most {settings.MaxUploadBytes} bytes (Registry:Bulk:MaxUploadBytes); nothing was stored.");
        }

        var now = clock.GetUtcNow();
        using var reading = upload.Read(settings.MaxExpandedBytes, now.Year, settings.ScratchDirectory, http.RequestAborted);
        if (reading.UploadFaults.Count > 0)
        {
            return ImportProblems.Refused(reading.UploadFaults);
        }

        var importId = $"imp-{Guid.NewGuid():N}"[..20];
        var importKey = RegistryKeys.Import(siteId, importId);
        await staging.CreateAsync(importKey, now + settings.ImportExpiry, now, http.RequestAborted);
        ImportStagingTally tally;
        try
        {
            tally = await ImportStager.StageAsync(grains, staging, importKey, siteId, reading.Cases, http.RequestAborted);
        }
        catch
        {
            await staging.DeleteAsync(importKey, CancellationToken.None);
            throw;
        }

        if (tally.Total == 0 && !upload.IsZip)
        {
            await staging.DeleteAsync(importKey, CancellationToken.None);
            return ImportProblems.Refused([new ImportFault(null, "the upload holds no case (expected NDJSON, one case document per line, or a zipped CSV bundle)")]);
        }

        var actor = AuditRecorder.CaseWriteStamp(http).Actor;
        var status = await grains.GetRegistryGrain<IImportGrain>(importKey)
            .StageAsync(new ImportDraft(siteId, upload.Format, actor, now, now + settings.ImportExpiry, tally.Preview, tally.Total, tally.Faults));
        AuditDetail.Record(http, $"import {importId} staged: {upload.Format}, {status.Total} cases, {status.Preview.New} new, {status.Preview.Changed} changed, {status.Preview.Unchanged} unchanged, {status.Preview.Refused} refused");
        var page = await ImportStatusResponse.ReadAsync(staging, importId, importKey, status, now, 0, DefaultImportPage, http.RequestAborted);
        return TypedResults.Created($"/api/sites/{siteId}/imports/{importId}", page);
    }

    public static async Task<Results<Ok<ImportStatusResponse>, ProblemHttpResult>> GetImportAsync(
        string siteId, string importId, HttpContext http, IGrainFactory grains, IImportStagingStore staging, SiteAccess access, TimeProvider clock, int? offset = null, int? limit = null)
    {
        if (ImportRouteFaults(siteId, importId, offset, limit) is { Count: > 0 } faults)
        {
            return Problems.Validation(faults);
        }

        if (access.Check(http.User, siteId, write: false) is { } refused)
        {
            return refused;
        }

        var importKey = RegistryKeys.Import(siteId, importId);
        var now = clock.GetUtcNow();
        if (await grains.GetRegistryGrain<IImportGrain>(importKey).GetStatusAsync(now) is not { } status)
        {
            await staging.DeleteAsync(importKey, CancellationToken.None);
            return ImportProblems.NotFound(siteId, importId);
        }

        return TypedResults.Ok(await ImportStatusResponse.ReadAsync(staging, importId, importKey, status, now, offset ?? 0, limit ?? DefaultImportPage, http.RequestAborted));
    }

    public static async Task<Results<Ok<ImportStatusResponse>, ProblemHttpResult>> CommitImportAsync(
        string siteId, string importId, HttpContext http, IGrainFactory grains, IImportStagingStore staging, SiteAccess access, TimeProvider clock, IAuditLog auditLog,
        bool? skipRefused = null)
    {
        if (ImportRouteFaults(siteId, importId, null, null) is { Count: > 0 } faults)
        {
            return Problems.Validation(faults);
        }

        if (access.Check(http.User, siteId, write: true) is { } refused)
        {
            return refused;
        }

        var importKey = RegistryKeys.Import(siteId, importId);
        var import = grains.GetRegistryGrain<IImportGrain>(importKey);
        var start = await import.BeginCommitAsync(skipRefused == true, clock.GetUtcNow());
        switch (start.Refusal)
        {
            case ImportCommitRefusal.NotFound:
                await staging.DeleteAsync(importKey, CancellationToken.None);
                return ImportProblems.NotFound(siteId, importId);
            case ImportCommitRefusal.HasRefusedCases:
                return Problems.Status(StatusCodes.Status409Conflict, "The import has refused cases",
                    "Some cases of this import were refused (see its faults); nothing was stored. Fix them and stage the import again, or commit with skipRefused=true to write the valid cases only.");
            case ImportCommitRefusal.CommitRunning:
                http.Response.Headers.RetryAfter = "5";
                return Problems.Status(StatusCodes.Status409Conflict, "The import is being committed",
                    $"Another commit of this import is running ({start.Status!.Processed} of {start.Status.Total} cases processed); read its progress with GET, or commit again once it has stopped reporting progress for {ImportCommitStart.Lease.TotalSeconds:0} s to resume it.");
        }

        var before = start.Status!;
        ImportStatus status;
        try
        {
            status = await ImportCommitter.CommitAsync(grains, staging, import, importKey, siteId, before, AuditRecorder.CaseWriteStamp(http), auditLog, clock, http.RequestAborted);
        }
        catch
        {
            // This commit failed in its own process: the next one may resume at once rather than wait out the lease.
            await import.ReleaseCommitAsync();
            throw;
        }

        AuditDetail.Record(http, $"import {importId} committed: {status.Processed - before.Processed} written now; {status.Outcomes.Created} created, {status.Outcomes.Replaced} replaced, {status.Outcomes.Unchanged} unchanged, {status.Outcomes.ChangedSincePreview} changed since preview, {status.Outcomes.Skipped} skipped");
        var now = clock.GetUtcNow();
        return TypedResults.Ok(await ImportStatusResponse.ReadAsync(staging, importId, importKey, status, now, 0, DefaultImportPage, http.RequestAborted));
    }

    private const int DefaultImportPage = 100;
    private const int MaxImportPage = 1000;

    private static List<ValidationError> ImportRouteFaults(string siteId, string importId, int? offset, int? limit)
    {
        var faults = new List<ValidationError>();
        if (!CaseIdentifiers.IsValidSiteId(siteId))
        {
            faults.Add(new ValidationError("siteId", $"The site id must match {CaseIdentifiers.SiteIdPattern}."));
        }

        if (!CaseIdentifiers.IsValidCaseId(importId))
        {
            faults.Add(new ValidationError("importId", "Not an import id."));
        }

        if (offset is < 0)
        {
            faults.Add(new ValidationError("offset", "The offset must not be negative."));
        }

        if (limit is < 1 or > MaxImportPage)
        {
            faults.Add(new ValidationError("limit", $"The page size must be between 1 and {MaxImportPage}."));
        }

        return faults;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExportAsync(
        string siteId, HttpContext http, IGrainFactory grains, SiteAccess access, IConfiguration configuration, string? format = null)
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

        var export = await SiteExport.WriteAsync(
            exportFormat, siteId, SiteCases.ReadAsync(grains, siteId, http.RequestAborted), BulkSettings.From(configuration).ScratchDirectory, http.RequestAborted);
        AuditDetail.Record(http, export.Describe(exportFormat));
        var file = export.Content;
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
