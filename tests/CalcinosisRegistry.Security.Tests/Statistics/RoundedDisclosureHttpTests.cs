using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Security.Tests.Infrastructure;

namespace CalcinosisRegistry.Security.Tests.Statistics;

/// <summary>
/// The default disclosure, <c>round</c> with m = 6, over HTTP: admins get exact figures, everyone else every count
/// rounded (r(c) = 0 for 0, else 6·⌈c/6⌉ − 3, computed here independently) with the curve present, and analyses
/// withhold groups of fewer than 6 cases. The registry seeds 3 dystrophic cases in site-a and 1 metastatic in site-b.
/// </summary>
public sealed class RoundedDisclosureHttpTests(SecuredRegistry registry) : IClassFixture<SecuredRegistry>
{
    private static readonly TimeSpan RefreshDeadline = TimeSpan.FromSeconds(5);
    private static readonly string[] ClassCounts = ["cases", "courses", "assessed", "complete", "partial", "none", "progression"];

    [Theory]
    [InlineData(Caller.Analyst)]
    [InlineData(Caller.ResearcherA)]
    public async Task NonAdminsGetEveryCountRoundedAndTheCurve(Caller caller)
    {
        var exact = await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Admin, "dystrophic"),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == 3, RefreshDeadline);
        var published = await Eventually.ReadUntilAsync(() => TypeAsync(caller, "dystrophic"),
            candidate => candidate.GetProperty("casesIncluded").GetInt32() == Rounded(3), RefreshDeadline);

        Assert.Equal("exact", exact.GetProperty("disclosure").GetString());
        Assert.Equal("rounded", published.GetProperty("disclosure").GetString());
        Assert.Equal(6, published.GetProperty("roundTo").GetInt32());
        foreach (var field in new[] { "cases", "lesions", "courses" })
        {
            Assert.Equal(Rounded(exact.GetProperty(field).GetInt32()), published.GetProperty(field).GetInt32());
        }

        var exactAll = exact.GetProperty("allTreatments");
        var publishedAll = published.GetProperty("allTreatments");
        foreach (var field in ClassCounts)
        {
            Assert.Equal(Rounded(exactAll.GetProperty(field).GetInt32()), publishedAll.GetProperty(field).GetInt32());
        }

        Assert.Equal(Rounded(exactAll.GetProperty("recurrence").GetProperty("responders").GetInt32()),
            publishedAll.GetProperty("recurrence").GetProperty("responders").GetInt32());
        Assert.Equal(JsonValueKind.Array, publishedAll.GetProperty("recurrence").GetProperty("curve").ValueKind);
        Assert.False(published.TryGetProperty("suppressed", out _));
    }

    [Fact]
    public async Task TheTypeStatisticsExportAsTidyCsvWithTheirDisclosure()
    {
        await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Analyst, "all"),
            candidate => candidate.GetProperty("casesIncluded").GetInt32() == Rounded(4), RefreshDeadline);

        using var response = await registry.SendAsync(Caller.Analyst, HttpMethod.Get, "/api/statistics/types/all?format=csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("section,group,field,day,value,lower,upper,atRisk,events,censored,disclosure,roundTo", lines[0]);
        Assert.Contains("type,all,casesIncluded,,3,,,,,,rounded,6", lines);
        Assert.All(lines.Skip(1), line => Assert.EndsWith(",rounded,6", line, StringComparison.Ordinal));
    }

    /// <summary>Every site group has fewer than 6 cases, so an analyst sees both withheld and no test.</summary>
    [Fact]
    public async Task AnAnalystsAnalysisWithholdsGroupsOfFewerThanSixCases()
    {
        await Eventually.ReadUntilAsync(() => TypeAsync(Caller.Admin, "all"),
            statistics => statistics.GetProperty("casesIncluded").GetInt32() == 4, RefreshDeadline);
        const string body = """{"compare":"site"}""";

        var exact = await registry.ExpectAsync(HttpStatusCode.OK, Caller.Admin, HttpMethod.Post, "/api/analyses", body);
        var published = await registry.ExpectAsync(HttpStatusCode.OK, Caller.Analyst, HttpMethod.Post, "/api/analyses", body);

        Assert.Equal((4, "exact"), (exact.GetProperty("casesIncluded").GetInt32(), exact.GetProperty("disclosure").GetString()));
        Assert.All(exact.GetProperty("groups").EnumerateArray(), group => Assert.True(group.GetProperty("cases").GetInt32() > 0));
        Assert.Equal((3, "rounded", 6), (published.GetProperty("casesIncluded").GetInt32(), published.GetProperty("disclosure").GetString(), published.GetProperty("roundTo").GetInt32()));
        Assert.Equal(
            exact.GetProperty("groups").EnumerateArray().Select(group => group.GetProperty("key").GetString()),
            published.GetProperty("groups").EnumerateArray().Select(group => group.GetProperty("key").GetString()));
        Assert.All(published.GetProperty("groups").EnumerateArray(), group =>
        {
            Assert.True(group.GetProperty("tooFew").GetBoolean());
            Assert.Equal(["key", "tooFew"], group.EnumerateObject().Select(property => property.Name));
        });
        Assert.Equal(JsonValueKind.Null, published.GetProperty("logRank").ValueKind);
    }

    [Fact]
    public async Task AnAnalysisIsAuditedWithItsBodysDigest()
    {
        const string body = """{"filter":{"calcinosisTypes":["dystrophic"]},"compare":"treatment-class"}""";
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var cursor = await registry.AuditCursorAsync();

        await registry.ExpectAsync(HttpStatusCode.OK, Caller.Analyst, HttpMethod.Post, "/api/analyses", body);

        var page = await registry.ExpectAsync(HttpStatusCode.OK, Caller.BootstrapAdmin, HttpMethod.Get, $"/api/admin/audit?after={cursor - 1}&action=analysis.run");
        var entry = Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Equal((SecuredRegistry.AnalystUserId, "analyst", "allowed", digest),
            (entry.GetProperty("actor").GetString(), entry.GetProperty("role").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ABadAnalysisNamesEveryFaultAndIsAuditedAsInvalid()
    {
        var cursor = await registry.AuditCursorAsync();

        var problem = await registry.ExpectAsync(HttpStatusCode.BadRequest, Caller.Analyst, HttpMethod.Post, "/api/analyses?format=xml",
            """{"filter":{"sex":["woman"],"ageAtOnset":{"min":"young"}},"compare":"hospital","limit":3}""");

        Assert.Equal(
            ["$.compare", "$.filter.ageAtOnset.min", "$.filter.sex[0]", "$.limit", "format"],
            problem.GetProperty("errors").EnumerateArray().Select(error => error.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        var page = await registry.ExpectAsync(HttpStatusCode.OK, Caller.BootstrapAdmin, HttpMethod.Get, $"/api/admin/audit?after={cursor - 1}&action=analysis.run");
        Assert.Equal("invalid", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("event").GetProperty("outcome").GetString());
    }

    private static int Rounded(int count) => count == 0 ? 0 : ((count + 5) / 6 * 6) - 3;

    private Task<JsonElement> TypeAsync(Caller caller, string type) =>
        registry.ExpectAsync(HttpStatusCode.OK, caller, HttpMethod.Get, $"/api/statistics/types/{type}");
}
