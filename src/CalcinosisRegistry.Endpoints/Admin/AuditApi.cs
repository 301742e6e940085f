using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Admin;

/// <summary>The audit trail for admins: filtered pages (JSON or CSV) and a verification of the hash chain.</summary>
public static class AuditApi
{
    public const int DefaultLimit = 100;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/admin/audit", "Admin: audit", RegistryPolicies.Admin);
        group.MapGet("/", QueryAsync).Audited("admin.audit.read")
            .WithSummary("Audit entries in sequence order; filter by actor, siteId, caseId, action, outcome, from, to; page with after and limit; format=csv for CSV.");
        group.MapGet("/verify", VerifyAsync).Audited("admin.audit.verify")
            .WithSummary("Checks the hash chain: any modified, inserted or removed entry is reported with its sequence.");
        return group;
    }

    public static async Task<Results<Ok<AuditPage>, ContentHttpResult, ProblemHttpResult>> QueryAsync(
        IAuditLog log, CancellationToken cancellationToken,
        string? actor = null, string? siteId = null, string? caseId = null, string? action = null, string? outcome = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, long? after = null, int? limit = null, string? format = null)
    {
        var faults = new List<ValidationError>();
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            faults.Add(new ValidationError("limit", $"limit must be between 1 and {AuditQuery.MaxLimit}."));
        }

        if (format is not null and not "json" and not "csv")
        {
            faults.Add(new ValidationError("format", "format must be json or csv."));
        }

        if (faults.Count > 0)
        {
            return Problems.Validation(faults);
        }

        var page = await log.QueryAsync(new AuditQuery(actor, siteId, caseId, action, outcome, from, to, after, limit ?? DefaultLimit), cancellationToken);
        return format == "csv"
            ? TypedResults.Content(AuditCsv.Write(page.Entries), "text/csv")
            : TypedResults.Ok(page);
    }

    public static async Task<Ok<AuditVerification>> VerifyAsync(IAuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.VerifyAsync(cancellationToken));
}
