using System.Text;
using CalcinosisRegistry.Domain.Audit;
using CalcinosisRegistry.Domain.Validation;
using CalcinosisRegistry.Endpoints.Auditing;
using CalcinosisRegistry.Endpoints.Infrastructure;
using CalcinosisRegistry.Endpoints.OpenApi;
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

    /// <summary>The response header of a CSV page that has more rows after it: pass its value as <c>after</c>.</summary>
    public const string NextAfterHeader = "Audit-Next-After";

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapRegistryGroup("/api/admin/audit", "Admin: audit", RegistryPolicies.Admin);
        group.MapGet("/", QueryAsync).Audited("admin.audit.read")
            .WithMetadata(new CsvAlternative("format=csv: RFC 4180 CSV, a header row then one row per entry."))
            .WithSummary("Audit entries in sequence order; filter by actor, siteId, caseId, action, outcome, from (inclusive), to (exclusive); page with after and limit (items + nextAfter). format=csv streams every matching row, or with limit one page whose continuation is the Audit-Next-After header.");
        group.MapGet("/verify", VerifyAsync).Audited("admin.audit.verify")
            .WithSummary("Checks the hash chain: any modified, inserted or removed entry is reported with its sequence.");
        return group;
    }

    public static async Task<Results<Ok<AuditPageResponse>, PushStreamHttpResult, ProblemHttpResult>> QueryAsync(
        HttpContext http, IAuditLog log, EndpointDataSource endpoints, CancellationToken cancellationToken,
        string? actor = null, string? siteId = null, string? caseId = null, string? action = null, string? outcome = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, long? after = null, int? limit = null, string? format = null)
    {
        var faults = new List<ValidationError>();
        if (limit is < 1 or > AuditQuery.MaxLimit)
        {
            faults.Add(new ValidationError("limit", $"limit must be an integer between 1 and {AuditQuery.MaxLimit}."));
        }

        if (format is not null and not "json" and not "csv")
        {
            faults.Add(new ValidationError("format", "format must be json or csv."));
        }

        if (outcome is not null && !AuditOutcomes.All.Contains(outcome, StringComparer.Ordinal))
        {
            faults.Add(new ValidationError("outcome", $"outcome must be one of {string.Join(", ", AuditOutcomes.All)}."));
        }

        if (action is not null && KnownActions(endpoints) is var actions && !actions.Contains(action, StringComparer.Ordinal))
        {
            faults.Add(new ValidationError("action", $"action must be one of {string.Join(", ", actions)}."));
        }

        if (faults.Count > 0)
        {
            return Problems.Validation(faults);
        }

        var query = new AuditQuery(actor, siteId, caseId, action, outcome, from, to, after, limit ?? DefaultLimit);
        if (format != "csv")
        {
            var page = await log.QueryAsync(query, cancellationToken);
            return TypedResults.Ok(new AuditPageResponse(page.Entries, page.NextAfterSequence));
        }

        if (limit is not null)
        {
            // One page, as asked; its continuation travels in a header because CSV has no place for it.
            var page = await log.QueryAsync(query, cancellationToken);
            if (page.NextAfterSequence is { } next)
            {
                http.Response.Headers[NextAfterHeader] = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Stream(body => WriteAsync(body, AuditCsv.Write(page.Entries), cancellationToken), "text/csv; charset=utf-8");
        }

        return TypedResults.Stream(body => StreamEveryRowAsync(body, log, query with { Limit = AuditQuery.MaxLimit }, cancellationToken),
            "text/csv; charset=utf-8");
    }

    public static async Task<Ok<AuditVerification>> VerifyAsync(IAuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.VerifyAsync(cancellationToken));

    /// <summary>Every action the trail records: the names the API's endpoints are audited under.</summary>
    public static IReadOnlyList<string> KnownActions(EndpointDataSource endpoints) =>
        [.. endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<AuditAction>()?.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Page after page, so an export of any size is held in memory one page at a time.</summary>
    private static async Task StreamEveryRowAsync(Stream body, IAuditLog log, AuditQuery query, CancellationToken cancellationToken)
    {
        var first = true;
        for (long? after = query.AfterSequence; ;)
        {
            var page = await log.QueryAsync(query with { AfterSequence = after }, cancellationToken);
            var csv = AuditCsv.Write(page.Entries);
            await WriteAsync(body, first ? csv : WithoutHeaderRow(csv), cancellationToken);
            first = false;
            if (page.NextAfterSequence is not { } next)
            {
                return;
            }

            after = next;
        }
    }

    /// <summary>The header row is plain column names (no quoting), so it ends at the first CRLF.</summary>
    private static string WithoutHeaderRow(string csv) => csv[(csv.IndexOf("\r\n", StringComparison.Ordinal) + 2)..];

    private static async Task WriteAsync(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
