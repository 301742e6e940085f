using System.Net;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Admin;

/// <summary>
/// Reading the audit trail (issue 16, items 6 and 7): a CSV export holds every matching row, a limited one says where
/// to continue, filters outside the documented vocabulary are refused, and the JSON pages use the same convention
/// as case listings (<c>items</c>, <c>nextAfter</c>).
/// </summary>
public sealed class AuditTrailQueryTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private const string CsvHeader = "sequence,at,actor,role,action,site_id,case_id,version_before,version_after,outcome,status,detail,previous_hash,hash,token_id,chain,position";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_csv_export_holds_every_matching_row_beyond_one_page()
    {
        var site = TestSites.New("csv-all");
        const int listings = 130; // more than the default page of 100
        for (var i = 0; i < listings; i++)
        {
            using var listing = await _client.GetAsync(RegistryRequests.CasesPath(site));
            Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        }

        using var response = await _client.GetAsync($"/api/admin/audit?format=csv&siteId={site}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = Rows(await response.Content.ReadAsStringAsync());
        Assert.Equal(CsvHeader, rows[0]);
        Assert.Equal(listings, rows.Count - 1);
        Assert.All(rows.Skip(1), row => Assert.Contains($",case.list,{site},", row, StringComparison.Ordinal));
        Assert.False(response.Headers.Contains("Audit-Next-After"));
    }

    [Fact]
    public async Task A_limited_csv_export_names_where_the_next_page_starts()
    {
        var site = TestSites.New("csv-paged");
        for (var i = 0; i < 5; i++)
        {
            (await _client.GetAsync(RegistryRequests.CasesPath(site))).Dispose();
        }

        using var first = await _client.GetAsync($"/api/admin/audit?format=csv&siteId={site}&limit=3");
        var next = Assert.Single(first.Headers.GetValues("Audit-Next-After"));
        using var second = await _client.GetAsync($"/api/admin/audit?format=csv&siteId={site}&limit=3&after={next}");

        Assert.Equal(3, Rows(await first.Content.ReadAsStringAsync()).Count - 1);
        Assert.Equal(2, Rows(await second.Content.ReadAsStringAsync()).Count - 1);
        Assert.False(second.Headers.Contains("Audit-Next-After"));
    }

    [Fact]
    public async Task Json_pages_use_items_and_nextAfter_like_case_listings()
    {
        var site = TestSites.New("json-paged");
        for (var i = 0; i < 3; i++)
        {
            (await _client.GetAsync(RegistryRequests.CasesPath(site))).Dispose();
        }

        using var first = await _client.GetAsync($"/api/admin/audit?siteId={site}&limit=2");
        var page = await first.ReadJsonAsync();
        var next = page.GetProperty("nextAfter").GetInt64();
        using var second = await _client.GetAsync($"/api/admin/audit?siteId={site}&limit=2&after={next}");
        var last = await second.ReadJsonAsync();

        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(1, last.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.GetProperty("nextAfter").ValueKind);
        Assert.False(page.TryGetProperty("entries", out _));
    }

    [Fact]
    public async Task An_unknown_outcome_is_refused_listing_the_valid_ones()
    {
        using var response = await _client.GetAsync("/api/admin/audit?outcome=refused");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("message").GetString();
        Assert.Equal("outcome must be one of allowed, invalid, unauthenticated, denied, not-found, precondition-failed, rate-limited, failed.", message);
    }

    [Fact]
    public async Task An_unknown_action_is_refused_listing_the_recorded_ones()
    {
        using var response = await _client.GetAsync("/api/admin/audit?action=case.create");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("message").GetString()!;
        foreach (var action in new[] { "case.put", "case.read", "case.withdraw", "case.list", "statistics.read", "admin.audit.read", "admin.token.issue" })
        {
            Assert.Contains(action, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_documented_outcome_filters_the_trail()
    {
        var site = TestSites.New("outcome");
        (await _client.GetAsync(RegistryRequests.CasePath(site, "ABSENT-1"))).Dispose();
        (await _client.GetAsync(RegistryRequests.CasesPath(site))).Dispose();

        using var response = await _client.GetAsync($"/api/admin/audit?siteId={site}&outcome=not-found");
        var items = (await response.ReadJsonAsync()).GetProperty("items");

        var entry = Assert.Single(items.EnumerateArray()).GetProperty("event");
        Assert.Equal(("case.read", 404), (entry.GetProperty("action").GetString(), entry.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task An_unknown_filter_such_as_status_is_refused()
    {
        using var response = await _client.GetAsync("/api/admin/audit?status=401");

        Assert.Equal(["status"], await response.AssertValidationProblemAsync());
    }

    private static List<string> Rows(string csv) => [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
}
