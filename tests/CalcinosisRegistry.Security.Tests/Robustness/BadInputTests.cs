using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Robustness;

/// <summary>
/// Hostile or broken credentials and forged site claims: always 401/403/404 (or another 4xx the server itself
/// chooses for an oversized header), never a 5xx, and every refusal the application sees is audited.
/// </summary>
public sealed class BadInputTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private const string ValidShapeId = "0123456789abcdef01";
    private static readonly string ValidShapeSecret = new('a', 64);

    public static TheoryData<string> MalformedAuthorizations =>
    [
        "Bearer",
        "Bearer ",
        "Bearer crt_",
        "Bearer crt___",
        $"Bearer crt_{ValidShapeId}_{ValidShapeSecret}",
        $"Bearer crt_{ValidShapeId.ToUpperInvariant()}_{ValidShapeSecret.ToUpperInvariant()}",
        $"Bearer crt_{ValidShapeId}_{ValidShapeSecret}_extra",
        $"Bearer crt_{ValidShapeId}_{ValidShapeSecret}x",
        $"Bearer {SecuredRegistryFactory.BootstrapAdminToken}x",
        $"Bearer  crt_{ValidShapeId}",
        "Basic YWRtaW46YWRtaW4=",
        "Negotiate abc",
        "Bearer ' OR 1=1 --",
        "Bearer ../../etc/passwd",
        "Bearer %00%0d%0a",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJBZG1pbiJ9.",
    ];

    [Theory]
    [MemberData(nameof(MalformedAuthorizations))]
    public async Task AMalformedTokenIs401AndAudited(string authorization)
    {
        var cursor = await registry.AuditCursorAsync();
        using var response = await registry.SendWithAuthorizationAsync(authorization, Request(HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0])));

        await response.AssertStatusAsync(HttpStatusCode.Unauthorized, authorization);
        await response.AssertProblemDocumentAsync(authorization);
        var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action=case.read"));
        Assert.Equal(("anonymous", "unauthenticated", 401, SiteA), (entry.Actor, entry.Outcome, entry.Status ?? 0, entry.SiteId));
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer crt_")]
    [InlineData("")]
    public async Task AnOversizedAuthorizationHeaderIsA4xxNeverA5xx(string prefix)
    {
        var authorization = prefix + new string('a', 20 * 1024);
        var cursor = await registry.AuditCursorAsync();
        using var response = await registry.SendWithAuthorizationAsync(authorization, Request(HttpMethod.Get, "/api/statistics?curve=false"));

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"A 20 KB Authorization header gave {status}: {await response.Content.ReadAsStringAsync()}");
        if (status is 401 or 403)
        {
            // The application saw it (a server-level 431 would not reach it): then it is audited.
            await response.AssertProblemDocumentAsync("an oversized Authorization header");
            var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action=statistics.read"));
            Assert.Equal(status, entry.Status);
        }
    }

    [Fact]
    public async Task ManyOversizedHeadersAreA4xxNeverA5xx()
    {
        var request = Request(HttpMethod.Get, "/api/statistics");
        for (var i = 0; i < 20; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Padding-{i}", new string('p', 4 * 1024));
        }

        using var response = await registry.SendAsync(Caller.Analyst, request);

        Assert.True((int)response.StatusCode < 500, $"Oversized headers gave {(int)response.StatusCode}");
    }

    /// <summary>researcher-a's genuine token used on site-b's routes: reads look like absence (404), writes are 403, nothing is stored.</summary>
    [Fact]
    public async Task AForgedSiteClaimIsRefusedAndAudited()
    {
        var attempts = new (HttpMethod Method, string Path, string? Json, string? IfMatch, HttpStatusCode Expected, string Action, string? CaseId)[]
        {
            (HttpMethod.Get, CasePath(SiteB, SiteBCaseIds[0]), null, null, HttpStatusCode.NotFound, "case.read", SiteBCaseIds[0]),
            (HttpMethod.Get, CasePath(SiteB, "NO-SUCH-CASE"), null, null, HttpStatusCode.NotFound, "case.read", "NO-SUCH-CASE"),
            (HttpMethod.Get, CasesPath(SiteB), null, null, HttpStatusCode.NotFound, "case.list", null),
            (HttpMethod.Put, CasePath(SiteB, SiteBCaseIds[0]), CaseBodies.Valid(SiteBCaseIds[0]), "\"1\"", HttpStatusCode.Forbidden, "case.put", SiteBCaseIds[0]),
            (HttpMethod.Put, CasePath(SiteB, "FORGED-1"), CaseBodies.Valid("FORGED-1"), null, HttpStatusCode.Forbidden, "case.put", "FORGED-1"),
            (HttpMethod.Delete, CasePath(SiteB, SiteBCaseIds[0]), null, "\"1\"", HttpStatusCode.Forbidden, "case.withdraw", SiteBCaseIds[0]),
            (HttpMethod.Get, CasePath("site-c", "X-1"), null, null, HttpStatusCode.NotFound, "case.read", "X-1"),
        };

        foreach (var attempt in attempts)
        {
            var context = $"{attempt.Method} {attempt.Path} with researcher-a's token";
            var cursor = await registry.AuditCursorAsync();
            using var response = await registry.SendAsync(Caller.ResearcherA, attempt.Method, attempt.Path, attempt.Json, attempt.IfMatch);

            await response.AssertStatusAsync(attempt.Expected, context);
            await response.AssertProblemDocumentAsync(context);
            var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action={attempt.Action}"));
            Assert.Equal((ResearcherAUserId, (int)attempt.Expected, attempt.CaseId), (entry.Actor, entry.Status ?? 0, entry.CaseId));
        }

        // Nothing was written: site-b still has its one case, at version 1, and no FORGED-1.
        var seeded = await registry.ExpectAsync(HttpStatusCode.OK, Caller.ResearcherB, HttpMethod.Get, CasePath(SiteB, SiteBCaseIds[0]));
        Assert.Equal(1, seeded.GetProperty("version").GetInt32());
        await registry.ExpectAsync(HttpStatusCode.NotFound, Caller.ResearcherB, HttpMethod.Get, CasePath(SiteB, "FORGED-1"));
    }

    [Fact]
    public async Task TheTokenOfADeletedResearcherIs401AndAuditedEvenIfTheUserIsCreatedAgain()
    {
        var userId = registry.UniqueId("gone-researcher");
        var (_, token) = await registry.CreateUserWithTokenAsync(userId, "researcher", [SiteA]);
        using (var before = await registry.SendWithAuthorizationAsync($"Bearer {token}", Request(HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0]))))
        {
            await before.AssertStatusAsync(HttpStatusCode.OK, "the researcher before deletion");
        }

        await registry.ExpectAsync(HttpStatusCode.NoContent, Caller.BootstrapAdmin, HttpMethod.Delete, $"/api/admin/users/{userId}");
        await registry.CreateUserAsync(userId, "researcher", [SiteA]);
        var status = await Eventually.ReadUntilAsync(async () =>
        {
            using var response = await registry.SendWithAuthorizationAsync($"Bearer {token}", Request(HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0])));
            return response.StatusCode;
        }, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        var cursor = await registry.AuditCursorAsync();
        using var refused = await registry.SendWithAuthorizationAsync($"Bearer {token}", Request(HttpMethod.Put, CasePath(SiteA, "AFTER-DELETE"), CaseBodies.Valid("AFTER-DELETE")));
        await refused.AssertStatusAsync(HttpStatusCode.Unauthorized, "the deleted researcher's write");
        await refused.AssertProblemDocumentAsync("the deleted researcher's write");
        var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action=case.put"));
        Assert.Equal(("anonymous", "unauthenticated", "AFTER-DELETE"), (entry.Actor, entry.Outcome, entry.CaseId));
    }

    [Fact]
    public async Task AResearcherBoundToTwoSitesReachesBothAndNoOther()
    {
        var userId = registry.UniqueId("two-site-researcher");
        var (_, token) = await registry.CreateUserWithTokenAsync(userId, "researcher", [SiteA, SiteB]);

        foreach (var (path, expected) in new[] { (CasePath(SiteA, SiteACaseIds[0]), HttpStatusCode.OK), (CasePath(SiteB, SiteBCaseIds[0]), HttpStatusCode.OK), (CasesPath("site-z"), HttpStatusCode.NotFound) })
        {
            using var response = await registry.SendWithAuthorizationAsync($"Bearer {token}", Request(HttpMethod.Get, path));
            await response.AssertStatusAsync(expected, path);
        }
    }
}
