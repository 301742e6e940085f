using System.Security.Claims;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Telemetry;
using CalcinosisRegistry.Domain.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CalcinosisRegistry.Endpoints.Auditing;

/// <summary>
/// Turns a finished (or refused) request into an audit event and appends it before the response is sent. Repeated
/// 401s and 429s from one source are counted instead, and recorded as one entry per interval (see
/// <see cref="RefusalAggregator"/>).
/// </summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider clock, RefusalAggregator repeats)
{
    /// <param name="versions">The case versions the handler's answer carries, when it is about a case.</param>
    public async Task RecordAsync(HttpContext http, int status, string? detail = null, AuditVersions? versions = null)
    {
        var now = clock.GetUtcNow();
        var audit = EventOf(now, http.User, ActionOf(http), http.GetRouteValue("siteId") as string, http.GetRouteValue("caseId") as string,
            versions?.Before, versions?.After, status, detail);
        AuditedRequest.Mark(http);
        await FlushRepeatedRefusalsAsync();
        if (!repeats.Absorb(SourceOf(http), audit, now))
        {
            await AppendCountedAsync(audit, "request");
        }
    }

    /// <summary>
    /// The same entry for a request that is not an HTTP request of its own (the web application's page views and
    /// actions, over its interactive circuit): <paramref name="status"/> is the API's status for the same answer.
    /// </summary>
    public Task RecordAsync(ClaimsPrincipal user, string action, string? siteId, string? caseId, int? versionBefore, int? versionAfter, int status, string? detail = null) =>
        AppendCountedAsync(EventOf(clock.GetUtcNow(), user, action, siteId, caseId, versionBefore, versionAfter, status, detail), "web");

    private static AuditEvent EventOf(DateTimeOffset now, ClaimsPrincipal user, string action, string? siteId, string? caseId, int? versionBefore, int? versionAfter, int status, string? detail) =>
        new(now, ActorOf(user), RoleOf(user), action, siteId, caseId, versionBefore, versionAfter, AuditOutcomes.Of(status), status, detail, TokenIdOf(user));

    /// <summary>Appends the summary entries of the refusal intervals that are over.</summary>
    public async Task FlushRepeatedRefusalsAsync()
    {
        foreach (var summary in repeats.TakeExpired(clock.GetUtcNow()))
        {
            await AppendCountedAsync(summary, "refusal-summary");
        }
    }

    private async Task AppendCountedAsync(AuditEvent audit, string path)
    {
        try
        {
            await log.AppendAsync(audit, CancellationToken.None);
            RecordAppend(path, "appended");
        }
        catch
        {
            RecordAppend(path, "failed");
            throw;
        }
    }

    /// <summary>Counts an audit entry: <paramref name="path"/> is request or refusal-summary (appended here) or with-write (committed with a case write).</summary>
    public static void RecordAppend(string path, string outcome) =>
        RegistryMetrics.AuditAppends.Add(1, new KeyValuePair<string, object?>("path", path), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Where a request comes from, for counting repeats: its token when authenticated, else its client address.</summary>
    private static string SourceOf(HttpContext http) =>
        IsAuthenticated(http.User)
            ? $"token {TokenIdOf(http.User) ?? ActorOf(http.User)}"
            : $"address {http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";

    /// <summary>Who is writing, for a write that is not an HTTP request of its own (see <see cref="CaseWriteStamp(HttpContext)"/>).</summary>
    public static CaseWriteAudit CaseWriteStamp(ClaimsPrincipal user, string action) => new(ActorOf(user), RoleOf(user), action, TokenIdOf(user));

    /// <summary>Who is writing, for the case grain to record with the write (see <see cref="CaseWriteAudit"/>).</summary>
    public static CaseWriteAudit CaseWriteStamp(HttpContext http) => new(ActorOf(http.User), RoleOf(http.User), ActionOf(http), TokenIdOf(http.User));

    public static string ActionOf(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<AuditAction>()?.Name ?? $"{http.Request.Method} {http.Request.Path}";

    private static bool IsAuthenticated(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    private static string ActorOf(ClaimsPrincipal user) =>
        IsAuthenticated(user) ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown" : "anonymous";

    /// <summary>The id of the registry token that authenticated the request, so a review can tell an admin-issued token's use apart.</summary>
    private static string? TokenIdOf(ClaimsPrincipal user) =>
        IsAuthenticated(user) ? user.FindFirstValue(Security.RegistryClaims.TokenId) : null;

    /// <summary>Lower case, as the user API writes roles (<c>admin</c>, <c>analyst</c>, <c>researcher</c>).</summary>
    private static string RoleOf(ClaimsPrincipal user) =>
        IsAuthenticated(user) ? user.FindFirstValue(ClaimTypes.Role)?.ToLowerInvariant() ?? "none" : "none";
}
