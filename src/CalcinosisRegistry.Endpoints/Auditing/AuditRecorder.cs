using System.Security.Claims;
using CalcinosisRegistry.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>Turns a finished (or refused) request into an audit event and appends it before the response is sent.</summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider clock)
{
    public Task RecordAsync(HttpContext http, int status, string? detail = null)
    {
        var user = http.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var versions = AuditVersions.Of(http);
        var audit = new AuditEvent(
            clock.GetUtcNow(),
            authenticated ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown" : "anonymous",
            authenticated ? user.FindFirstValue(ClaimTypes.Role) ?? "none" : "none",
            ActionOf(http),
            http.GetRouteValue("siteId") as string,
            http.GetRouteValue("caseId") as string,
            versions?.Before,
            versions?.After,
            OutcomeOf(status),
            status,
            detail);
        return log.AppendAsync(audit, CancellationToken.None);
    }

    public static string ActionOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>()?.Name ?? $"{http.Request.Method} {http.Request.Path}";

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
