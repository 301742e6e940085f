using System.Net;
using CalcinosisRegistry.Security.Tests.Infrastructure;
using static CalcinosisRegistry.Security.Tests.Infrastructure.SecuredRegistry;

namespace CalcinosisRegistry.Security.Tests.Auditing;

/// <summary>The audit trail's content for case writes, its CSV export, its filters and its verification.</summary>
public sealed class AuditTrailTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private static readonly string[] CsvColumns =
        ["sequence", "at", "actor", "role", "action", "site_id", "case_id", "version_before", "version_after", "outcome", "status", "detail", "previous_hash", "hash"];

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
