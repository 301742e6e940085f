using System.Text.Json;
using CalcinosisRegistry.Contracts;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Sites;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.OpenApi;
using CalcinosisRegistry.Endpoints.Operations;
using CalcinosisRegistry.Endpoints.Security;
using CalcinosisRegistry.Endpoints.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Cases;

/// <summary>Contract section 4: submitting, reading, listing and withdrawing a site's cases.</summary>
public static class CasesApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/sites/{siteId}/cases", "Cases", RegistryPolicies.Researcher)
            .AddEndpointFilter<KnownSiteFilter>()
            .AddEndpointFilter<CallerContextFilter>();
        group.MapPut("/{caseId}", PutCaseAsync).Audited("case.put").AddEndpointFilter<CaseWriteMetricsFilter>()
            .Accepts<CaseDocument>("application/json")
            .WithSummary("Create (201) or replace (200, If-Match required) a case; re-sending the stored document is a 200 no-op.")
            .WithMetadata(new IfMatchDocumentation(Required: false, "The case's current ETag (from GET), e.g. \"2\"; needed to replace an existing case (428 without it, 412 when stale), not to create one."))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/{caseId}", GetCaseAsync).Audited("case.read").WithSummary("The stored case with its ETag, warnings and version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{caseId}", WithdrawCaseAsync).Audited("case.withdraw").AddEndpointFilter<CaseWriteMetricsFilter>().WithSummary("Withdraw a case (consent withdrawn); If-Match required.")
            .WithMetadata(new IfMatchDocumentation(Required: true, "The case's current ETag (from GET), e.g. \"2\" (428 without it, 412 when stale)."))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/", ListCasesAsync).Audited("case.list").WithSummary("The site's live cases, in case-id order, paged by `after` and `limit` (items + nextAfter).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<AuditedResult<Results<Created<CaseResponse>, Ok<CaseResponse>, ProblemHttpResult>>> PutCaseAsync(
        string siteId, string caseId, HttpContext http, IGrainFactory grains, TimeProvider clock, SiteAccess access)
    {
        var (result, versions) = await DecidePutAsync(siteId, caseId, http, grains, clock, access);
        return new(result, versions);
    }

    private static async Task<(Results<Created<CaseResponse>, Ok<CaseResponse>, ProblemHttpResult>, AuditVersions)> DecidePutAsync(
        string siteId, string caseId, HttpContext http, IGrainFactory grains, TimeProvider clock, SiteAccess access)
    {
        var faults = RouteFaults(siteId, caseId);
        if (faults.Count > 0)
        {
            return (Problems.Validation(faults, Problems.NothingStored), AuditVersions.None);
        }

        if (access.Check(http.User, siteId, write: true) is { } refused)
        {
            return (refused, AuditVersions.None);
        }

        var (ifMatch, badIfMatch) = IfMatchHeader.Read(http.Request);
        if (badIfMatch is not null)
        {
            return (badIfMatch, AuditVersions.None);
        }

        var body = await RequestBody.ReadAsync(http.Request, RequestBody.MaxCaseBytes, http.RequestAborted);
        if (body is null)
        {
            return (Problems.Status(StatusCodes.Status413PayloadTooLarge, "The case document is too large",
                $"A case document may be at most {RequestBody.MaxCaseBytes / 1024} KiB."), AuditVersions.None);
        }

        var validation = CaseDocumentValidator.Validate(body, clock.GetUtcNow().Year);
        var errors = validation.Errors.ToList();
        if ((validation.Document?.CaseId ?? BodyCaseId(body)) is { } bodyCaseId && !string.Equals(bodyCaseId, caseId, StringComparison.Ordinal))
        {
            errors.Add(new ValidationError("$.caseId", $"The document's caseId '{bodyCaseId}' differs from the caseId '{caseId}' of the route."));
        }

        if (errors.Count > 0)
        {
            return (Problems.Validation(errors, Problems.NothingStored), AuditVersions.None);
        }

        var result = await Case(grains, siteId, caseId).PutAsync(
            validation.Document!, validation.Warnings, ifMatch, AuditRecorder.CaseWriteStamp(http));
        Results<Created<CaseResponse>, Ok<CaseResponse>, ProblemHttpResult> answer = result.Outcome switch
        {
            CaseWriteOutcome.Created => WithETag(http, result.Current!, current =>
                TypedResults.Created($"/api/sites/{siteId}/cases/{caseId}", current)),
            CaseWriteOutcome.Replaced or CaseWriteOutcome.Unchanged => WithETag(http, result.Current!, TypedResults.Ok),
            _ => PreconditionProblem(result.Outcome),
        };
        return (answer, VersionsOf(result));
    }

    private static AuditVersions VersionsOf(CaseWriteResult result) => new(result.VersionBefore, result.VersionAfter, RecordedWithWrite: result.Audited);

    public static async Task<AuditedResult<Results<Ok<CaseResponse>, ProblemHttpResult>>> GetCaseAsync(
        string siteId, string caseId, HttpContext http, IGrainFactory grains, SiteAccess access)
    {
        var faults = RouteFaults(siteId, caseId);
        if (faults.Count > 0)
        {
            return new(Problems.Validation(faults), AuditVersions.None);
        }

        if (access.Check(http.User, siteId, write: false) is { } refused)
        {
            return new(refused, AuditVersions.None);
        }

        var snapshot = await Case(grains, siteId, caseId).GetAsync();
        var versions = new AuditVersions(snapshot?.Version, snapshot?.Version);
        return snapshot is null
            ? new(NotFound(siteId, caseId), versions)
            : new(WithETag(http, snapshot, TypedResults.Ok), versions);
    }

    public static async Task<AuditedResult<Results<NoContent, ProblemHttpResult>>> WithdrawCaseAsync(
        string siteId, string caseId, HttpContext http, IGrainFactory grains, SiteAccess access)
    {
        var faults = RouteFaults(siteId, caseId);
        if (faults.Count > 0)
        {
            return new(Problems.Validation(faults, Problems.NothingStored), AuditVersions.None);
        }

        if (access.Check(http.User, siteId, write: true) is { } refused)
        {
            return new(refused, AuditVersions.None);
        }

        var (ifMatch, badIfMatch) = IfMatchHeader.Read(http.Request);
        if (badIfMatch is not null)
        {
            return new(badIfMatch, AuditVersions.None);
        }

        var result = await Case(grains, siteId, caseId).WithdrawAsync(ifMatch, AuditRecorder.CaseWriteStamp(http));
        Results<NoContent, ProblemHttpResult> answer = result.Outcome switch
        {
            CaseWriteOutcome.Withdrawn => TypedResults.NoContent(),
            CaseWriteOutcome.NotFound => NotFound(siteId, caseId),
            _ => PreconditionProblem(result.Outcome),
        };
        return new(answer, VersionsOf(result));
    }

    public static async Task<Results<Ok<CaseListResponse>, ProblemHttpResult>> ListCasesAsync(
        string siteId, HttpContext http, IGrainFactory grains, SiteAccess access, string? after = null, int? limit = null)
    {
        var faults = new List<ValidationError>();
        if (!CaseIdentifiers.IsValidSiteId(siteId))
        {
            faults.Add(new ValidationError("siteId", $"The site id must match {CaseIdentifiers.SiteIdPattern}."));
        }

        if (limit is < 1 or > MaxPageSize)
        {
            faults.Add(new ValidationError("limit", $"limit must be an integer between 1 and {MaxPageSize}."));
        }

        if (faults.Count > 0)
        {
            return Problems.Validation(faults);
        }

        if (access.Check(http.User, siteId, write: false) is { } refused)
        {
            return refused;
        }

        var page = await grains.GetRegistryGrain<ISiteGrain>(RegistryKeys.Site(siteId)).ListAsync(after, limit ?? DefaultPageSize);
        var items = page.Items.Select(c => new CaseListItem(c.CaseId, c.Version, c.CalcinosisType, c.UpdatedAt)).ToList();
        return TypedResults.Ok(new CaseListResponse(siteId, page.Total, items, page.NextAfter));
    }

    private static ICaseGrain Case(IGrainFactory grains, string siteId, string caseId) =>
        grains.GetRegistryGrain<ICaseGrain>(RegistryKeys.Case(siteId, caseId));

    private static List<ValidationError> RouteFaults(string siteId, string caseId)
    {
        var faults = new List<ValidationError>();
        if (!CaseIdentifiers.IsValidSiteId(siteId))
        {
            faults.Add(new ValidationError("siteId", $"The site id must match {CaseIdentifiers.SiteIdPattern}."));
        }

        if (!CaseIdentifiers.IsValidCaseId(caseId))
        {
            faults.Add(new ValidationError("caseId", $"The case id must match {CaseIdentifiers.CaseIdPattern}."));
        }

        return faults;
    }

    /// <summary>The body's caseId when it is a string, so a mismatch with the route is reported with the other faults.</summary>
    private static string? BodyCaseId(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("caseId", out var id)
                && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Malformed JSON or a string that is not text: the validator has already reported it.
            return null;
        }
    }

    private static TResult WithETag<TResult>(HttpContext http, CaseSnapshot snapshot, Func<CaseResponse, TResult> result)
    {
        http.Response.Headers.ETag = snapshot.ETag;
        return result(CaseResponse.From(snapshot));
    }

    private static ProblemHttpResult NotFound(string siteId, string caseId) =>
        Problems.Status(StatusCodes.Status404NotFound, "Case not found", $"Site '{siteId}' has no case '{caseId}'.");

    private static ProblemHttpResult PreconditionProblem(CaseWriteOutcome outcome) => outcome switch
    {
        CaseWriteOutcome.PreconditionRequired => Problems.Status(StatusCodes.Status428PreconditionRequired,
            "If-Match required", "Changing an existing case needs an If-Match header with its current ETag (from GET)."),
        CaseWriteOutcome.PreconditionFailed => Problems.Status(StatusCodes.Status412PreconditionFailed,
            "The case has changed", "The If-Match ETag is not the case's current one (or the case does not exist): read it again and re-apply your change."),
        _ => throw new InvalidOperationException($"No problem document for outcome {outcome}."),
    };
}
