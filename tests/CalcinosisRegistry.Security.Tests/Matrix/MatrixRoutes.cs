using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Matrix;

/// <summary>Every route of the access matrix, each targeting site-a where it concerns a site.</summary>
public static class MatrixRoutes
{
    public static readonly IReadOnlyList<MatrixRoute> All =
    [
        new("PUT case in site-a", "case.put", RouteAudience.SiteWriter, HttpStatusCode.Created, registry =>
        {
            var caseId = registry.UniqueId("M-PUT");
            return Ready(Request(HttpMethod.Put, CasePath(SiteA, caseId), CaseBodies.Valid(caseId)), SiteA, caseId);
        }),
        new("GET case in site-a", "case.read", RouteAudience.SiteReader, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0])), SiteA, SiteACaseIds[0])),
        new("DELETE case in site-a", "case.withdraw", RouteAudience.SiteWriter, HttpStatusCode.NoContent, async registry =>
        {
            var caseId = registry.UniqueId("M-DEL");
            await registry.CreateCaseAsync(Caller.ResearcherA, SiteA, caseId);
            return new MatrixAttempt(Request(HttpMethod.Delete, CasePath(SiteA, caseId), ifMatch: "\"1\""), SiteA, caseId);
        }),
        new("GET case list of site-a", "case.list", RouteAudience.SiteReader, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, CasesPath(SiteA)), SiteA, null)),
        new("GET /api/statistics", "statistics.read", RouteAudience.AnyRole, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/statistics"), null, null)),
        new("GET /api/statistics/types/dystrophic", "statistics.read-type", RouteAudience.AnyRole, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/statistics/types/dystrophic"), null, null)),
        new("POST /api/analyses", "analysis.run", RouteAudience.AnyRole, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Post, "/api/analyses", """{"filter":{"calcinosisTypes":["dystrophic"]},"compare":"treatment-class"}"""), null, null)),
        new("GET /api/admin/cluster", "admin.cluster.read", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/admin/cluster"), null, null)),
        new("POST /api/admin/statistics/rebuild", "admin.statistics.rebuild", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Post, "/api/admin/statistics/rebuild"), null, null)),
        new("GET /api/admin/sites", "admin.site.list", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/admin/sites"), null, null)),
        new("POST /api/admin/sites", "admin.site.create", RouteAudience.Admin, HttpStatusCode.Created, registry =>
        {
            var siteId = registry.UniqueId("matrix-site");
            return Ready(Request(HttpMethod.Post, "/api/admin/sites", JsonSerializer.Serialize(new { siteId, name = "Matrix site" })), null, null);
        }),
        new("GET /api/admin/users", "admin.user.list", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/admin/users"), null, null)),
        new("POST /api/admin/users", "admin.user.create", RouteAudience.Admin, HttpStatusCode.Created, registry =>
        {
            var userId = registry.UniqueId("matrix-user");
            return Ready(Request(HttpMethod.Post, "/api/admin/users",
                JsonSerializer.Serialize(new { userId, displayName = "Matrix user", role = "researcher", sites = new[] { SiteA } })), null, null);
        }),
        new("DELETE /api/admin/users/{userId}", "admin.user.delete", RouteAudience.Admin, HttpStatusCode.NoContent, async registry =>
        {
            var userId = registry.UniqueId("doomed-user");
            await registry.CreateUserAsync(userId, "analyst", []);
            return new MatrixAttempt(Request(HttpMethod.Delete, $"/api/admin/users/{userId}"), null, null);
        }),
        new("POST /api/admin/users/{userId}/tokens", "admin.token.issue", RouteAudience.Admin, HttpStatusCode.Created, _ =>
            Ready(Request(HttpMethod.Post, $"/api/admin/users/{TokenHolderUserId}/tokens",
                JsonSerializer.Serialize(new { name = "matrix token", expiresInDays = 30 })), null, null)),
        new("GET /api/admin/users/{userId}/tokens", "admin.token.list", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, $"/api/admin/users/{TokenHolderUserId}/tokens"), null, null)),
        new("DELETE /api/admin/users/{userId}/tokens/{tokenId}", "admin.token.revoke", RouteAudience.Admin, HttpStatusCode.NoContent, async registry =>
        {
            var (tokenId, _) = await registry.IssueTokenAsync(TokenHolderUserId);
            return new MatrixAttempt(Request(HttpMethod.Delete, $"/api/admin/users/{TokenHolderUserId}/tokens/{tokenId}"), null, null);
        }),
        new("GET /api/admin/audit", "admin.audit.read", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/admin/audit?limit=5"), null, null)),
        new("GET /api/admin/audit/verify", "admin.audit.verify", RouteAudience.Admin, HttpStatusCode.OK, _ =>
            Ready(Request(HttpMethod.Get, "/api/admin/audit/verify"), null, null)),
    ];

    /// <summary>Every route × every caller, by name (xUnit shows each pair as its own case).</summary>
    public static TheoryData<string, Caller> RouteAndCaller
    {
        get
        {
            var data = new TheoryData<string, Caller>();
            foreach (var route in All)
            {
                foreach (var caller in Enum.GetValues<Caller>())
                {
                    data.Add(route.Name, caller);
                }
            }

            return data;
        }
    }

    public static MatrixRoute Named(string name) => All.Single(route => route.Name == name);

    private static Task<MatrixAttempt> Ready(HttpRequestMessage request, string? siteId, string? caseId) =>
        Task.FromResult(new MatrixAttempt(request, siteId, caseId));
}
