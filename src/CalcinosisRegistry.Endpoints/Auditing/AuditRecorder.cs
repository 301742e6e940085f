using System.Security.Claims;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>Turns a finished (or refused) request into an audit event and appends it before the response is sent.</summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider clock)
{
    public Task RecordAsync(HttpContext http, int status, string? detail = null)
    {
        var versions = AuditVersions.Of(http);
        return RecordAsync(http.User, ActionOf(http), http.GetRouteValue("siteId") as string, http.GetRouteValue("caseId") as string,
            versions?.Before, versions?.After, status, detail);
    }

    /// <summary>
    /// The same entry for a request that is not an HTTP request of its own (the web application's page views and
    /// actions, over its interactive circuit): <paramref name="status"/> is the API's status for the same answer.
    /// </summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, string? siteId, string? caseId, int? versionBefore, int? versionAfter, int status, string? detail = null)
    {
        var audit = new AuditEvent(
            clock.GetUtcNow(),
            ActorOf(user),
            RoleOf(user),
            action,
            siteId,
            caseId,
            versionBefore,
            versionAfter,
            OutcomeOf(status),
            status,
            detail);
        return log.AppendAsync(audit, CancellationToken.None);
    }

    /// <summary>Who is writing, for a write that is not an HTTP request of its own (see <see cref="CaseWriteStamp(HttpContext)"/>).</summary>
    public static CaseWriteAudit CaseWriteStamp(ClaimsPrincipal user, string action) => new(ActorOf(user), RoleOf(user), action);

    /// <summary>Who is writing, for the case grain to record with the write (see <see cref="CaseWriteAudit"/>).</summary>
    public static CaseWriteAudit CaseWriteStamp(HttpContext http) => new(ActorOf(http.User), RoleOf(http.User), ActionOf(http));

    public static string ActionOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>()?.Name ?? $"{http.Request.Method} {http.Request.Path}";

    private static bool IsAuthenticated(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    private static string ActorOf(ClaimsPrincipal user) =>
        IsAuthenticated(user) ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown" : "anonymous";

    private static string RoleOf(ClaimsPrincipal user) =>
        IsAuthenticated(user) ? user.FindFirstValue(ClaimTypes.Role) ?? "none" : "none";

    private static string OutcomeOf(int status) => status switch
    {
        < 300 => "allowed",
        400 or 413 => "invalid",
        401 => "unauthenticated",
        403 => "denied",
        404 => "not-found",
        409 or 412 or 428 => "precondition-failed",
        429 => "rate-limited",
        _ => "failed",
    };
}
