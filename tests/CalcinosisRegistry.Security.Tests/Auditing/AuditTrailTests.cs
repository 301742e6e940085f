using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Auditing;

/// <summary>The audit trail's content for case writes, its CSV export, its filters and its verification.</summary>
public sealed class AuditTrailTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private static readonly string[] CsvColumns =
        ["sequence", "at", "actor", "role", "action", "site_id", "case_id", "version_before", "version_after", "outcome", "status", "detail", "previous_hash", "hash", "token_id", "chain", "position"];

    /// <summary>A create records version 0 before (the case contract's "never existed"), a replace 1 → 2, a read 2 → 2.</summary>
    [Fact]
    public async Task ACreateAReplaceAndAReadRecordTheVersionsBeforeAndAfter()
    {
        var caseId = registry.UniqueId("AUD");
        await registry.CreateCaseAsync(Caller.ResearcherA, SiteA, caseId, CaseBodies.Valid(caseId, seed: 1));
        await registry.ExpectAsync(HttpStatusCode.OK, Caller.ResearcherA, HttpMethod.Put, CasePath(SiteA, caseId), CaseBodies.Valid(caseId, seed: 2), ifMatch: "\"1\"");
        await registry.ExpectAsync(HttpStatusCode.OK, Caller.ResearcherA, HttpMethod.Get, CasePath(SiteA, caseId));

        var entries = await registry.AuditAsync($"caseId={caseId}");

        Assert.Collection(entries,
            create => Assert.Equal(("case.put", (int?)0, (int?)1, "allowed", (int?)201), (create.Action, create.VersionBefore, create.VersionAfter, create.Outcome, create.Status)),
            replace => Assert.Equal(("case.put", (int?)1, (int?)2, "allowed", (int?)200), (replace.Action, replace.VersionBefore, replace.VersionAfter, replace.Outcome, replace.Status)),
            read => Assert.Equal(("case.read", (int?)2, (int?)2, "allowed", (int?)200), (read.Action, read.VersionBefore, read.VersionAfter, read.Outcome, read.Status)));
        Assert.All(entries, entry => Assert.Equal((ResearcherAUserId, "researcher", SiteA), (entry.Actor, entry.Role, entry.SiteId)));
    }

    /// <summary>Finding 14.5: every entry names the token that authenticated it (its public id), case writes included.</summary>
    [Fact]
    public async Task EveryEntryNamesTheTokenThatAuthenticatedIt()
    {
        Assert.True(CalcinosisRegistry.Domain.Access.ApiToken.TryParse(registry.TokenOf(Caller.ResearcherA), out var tokenId, out _));
        var caseId = registry.UniqueId("TOK");
        await registry.CreateCaseAsync(Caller.ResearcherA, SiteA, caseId);
        await registry.ExpectAsync(HttpStatusCode.OK, Caller.ResearcherA, HttpMethod.Get, CasePath(SiteA, caseId));
        using (await registry.SendAsync(Caller.Anonymous, HttpMethod.Get, CasePath(SiteA, caseId)))
        {
        }

        var entries = await registry.AuditAsync($"caseId={caseId}");

        Assert.Equal([("case.put", (string?)tokenId), ("case.read", tokenId), ("case.read", (string?)null)],
            entries.Select(entry => (entry.Action, entry.TokenId)));
    }

    /// <summary>
    /// Finding 14.5 and issue 16.6: admin entries name their target, so a token an admin issues for a researcher is on
    /// record with the researcher and the token id, and the reads made with that token name it too.
    /// </summary>
    [Fact]
    public async Task AdminEntriesNameTheirTargetAndATokensUseCanBeTracedToItsIssue()
    {
        Assert.True(CalcinosisRegistry.Domain.Access.ApiToken.TryParse(registry.TokenOf(Caller.Admin), out var adminTokenId, out _));
        var cursor = await registry.AuditCursorAsync();
        var siteId = registry.UniqueId("audited-site");
        var userId = registry.UniqueId("audited-user");
        await registry.ExpectAsync(HttpStatusCode.Created, Caller.Admin, HttpMethod.Post, "/api/admin/sites",
            System.Text.Json.JsonSerializer.Serialize(new { siteId, name = "Audited" }));
        await registry.ExpectAsync(HttpStatusCode.Created, Caller.Admin, HttpMethod.Post, "/api/admin/users",
            System.Text.Json.JsonSerializer.Serialize(new { userId, displayName = "Audited", role = "researcher", sites = new[] { siteId } }));
        var issued = await registry.ExpectAsync(HttpStatusCode.Created, Caller.Admin, HttpMethod.Post, $"/api/admin/users/{userId}/tokens",
            System.Text.Json.JsonSerializer.Serialize(new { name = "for someone else" }));
        var issuedTokenId = issued.GetProperty("info").GetProperty("tokenId").GetString()!;
        var issuedToken = issued.GetProperty("token").GetString()!;
        using (await registry.SendWithAuthorizationAsync($"Bearer {issuedToken}", Request(HttpMethod.Get, CasesPath(siteId))))
        {
        }

        await registry.ExpectAsync(HttpStatusCode.NoContent, Caller.Admin, HttpMethod.Delete, $"/api/admin/users/{userId}/tokens/{issuedTokenId}");

        var entries = await registry.AuditAsync($"after={cursor}");
        var admin = entries.Where(entry => entry.Actor == AdminUserId).ToList();
        Assert.Equal(
            [
                ("admin.site.create", $"target: site {siteId}"),
                ("admin.user.create", $"target: user {userId} (researcher of {siteId})"),
                ("admin.token.revoke", $"target: user {userId}, token {issuedTokenId}"),
            ],
            admin.Where(entry => entry.Action != "admin.token.issue").Select(entry => (entry.Action, entry.Detail)));
        var issue = Assert.Single(admin, entry => entry.Action == "admin.token.issue");
        Assert.StartsWith($"target: user {userId}, token {issuedTokenId} (expires ", issue.Detail, StringComparison.Ordinal);
        Assert.All(admin, entry => Assert.Equal(adminTokenId, entry.TokenId));
        var use = Assert.Single(entries, entry => entry.Actor == userId);
        Assert.Equal(("case.list", issuedTokenId), (use.Action, use.TokenId));
    }

    [Fact]
    public async Task TheCsvExportHasTheHeaderAndOneRowPerEntry()
    {
        var caseId = registry.UniqueId("CSV");
        await registry.CreateCaseAsync(Caller.ResearcherA, SiteA, caseId);
        using (await registry.SendAsync(Caller.ResearcherB, HttpMethod.Get, CasePath(SiteA, caseId)))
        {
        }

        var entries = await registry.AuditAsync($"caseId={caseId}");
        using var response = await registry.SendAsync(Caller.Admin, HttpMethod.Get, $"/api/admin/audit?caseId={caseId}&format=csv");

        await response.AssertStatusAsync(HttpStatusCode.OK, "the CSV export");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CsvColumns), lines[0]);
        Assert.Equal(2, entries.Count);
        Assert.Equal(entries.Count, lines.Length - 1);
        for (var i = 0; i < entries.Count; i++)
        {
            var fields = lines[i + 1].Split(',');
            Assert.Equal(CsvColumns.Length, fields.Length);
            Assert.Equal(entries[i].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal((entries[i].Actor, entries[i].Action, caseId, entries[i].Outcome, entries[i].Hash), (fields[2], fields[4], fields[6], fields[9], fields[13]));
        }

        Assert.Equal(("researcher-b", "not-found"), (entries[1].Actor, entries[1].Outcome));
    }

    /// <summary>
    /// Finding 14.1: an anonymous request can put any text into the trail (here a site id of <c>=1+1</c> and one
    /// with a CRLF and a forged row). The CSV export neutralises the formula and keeps every entry on one line; the
    /// JSON form keeps the raw value.
    /// </summary>
    [Fact]
    public async Task TheCsvExportNeutralisesFormulasAndLineBreaksFromAnonymousInput()
    {
        var cursor = await registry.AuditCursorAsync();
        const string forged = "x\r\n999,2026-01-01T00:00:00.000000Z,mallory,Admin,case.withdraw";
        using (await registry.SendAsync(Caller.Anonymous, HttpMethod.Get, "/api/sites/%3D1%2B1/cases/x"))
        {
        }

        using (await registry.SendAsync(Caller.Anonymous, HttpMethod.Get, $"/api/sites/{Uri.EscapeDataString(forged)}/cases/x"))
        {
        }

        var entries = await registry.AuditAsync($"after={cursor - 1}&actor=anonymous");
        Assert.Equal(["=1+1", forged], entries.Select(entry => entry.SiteId));

        using var response = await registry.SendAsync(Caller.Admin, HttpMethod.Get, $"/api/admin/audit?after={cursor - 1}&actor=anonymous&format=csv");
        await response.AssertStatusAsync(HttpStatusCode.OK, "the CSV export");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Contains(",'=1+1,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"x\\r\\n999,2026-01-01T00:00:00.000000Z,mallory,Admin,case.withdraw\",", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiltersSelectExactlyTheMatchingEntries()
    {
        using (await registry.SendAsync(Caller.Analyst, HttpMethod.Get, CasePath(SiteA, SiteACaseIds[0])))
        {
        }

        var denied = await registry.AuditAsync($"actor={AnalystUserId}&outcome=denied");
        Assert.NotEmpty(denied);
        Assert.All(denied, entry => Assert.Equal((AnalystUserId, "denied", 403), (entry.Actor, entry.Outcome, entry.Status ?? 0)));

        var first = await registry.AuditAsync("limit=2");
        Assert.Equal(2, first.Count);
        var next = await registry.AuditAsync($"limit=2&after={first[1].Sequence}");
        Assert.Equal(first[1].Sequence + 1, next[0].Sequence);
    }

    [Fact]
    public async Task AnInvalidAuditQueryIsA400ProblemAndAudited()
    {
        var cursor = await registry.AuditCursorAsync();
        using var response = await registry.SendAsync(Caller.Admin, HttpMethod.Get, "/api/admin/audit?format=xml&limit=0");

        await response.AssertStatusAsync(HttpStatusCode.BadRequest, "an invalid audit query");
        await response.AssertProblemDocumentAsync("an invalid audit query");
        var entry = Assert.Single(await registry.AuditAsync($"after={cursor}&action=admin.audit.read"));
        Assert.Equal(("invalid", 400), (entry.Outcome, entry.Status ?? 0));
    }

    [Fact]
    public async Task VerificationReportsAnIntactChain()
    {
        var verification = await registry.ExpectAsync(HttpStatusCode.OK, Caller.BootstrapAdmin, HttpMethod.Get, "/api/admin/audit/verify");

        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.True(verification.GetProperty("entriesChecked").GetInt64() > 0, verification.ToString());
    }
}
