using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Cases;

/// <summary>Contract section 4, the case routes that succeed or are refused on a precondition: 201, 200, 204, 404, 412, 428.</summary>
public sealed class CaseLifecycleTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Creating_a_case_answers_201_with_its_location_etag_and_stored_document()
    {
        var site = TestSites.New("create");
        var json = CaseDocuments.Json(CaseDocuments.Valid("MAYO-0001"));

        using var response = await _client.PutCaseAsync(site, "MAYO-0001", json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/sites/{site}/cases/MAYO-0001", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        var body = await response.ReadJsonAsync();
        Assert.Equal(site, body.GetProperty("siteId").GetString());
        Assert.Equal("MAYO-0001", body.GetProperty("caseId").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(response.Headers.ETag.ToString(), body.GetProperty("etag").GetString());
        Assert.Equal("MAYO-0001", body.GetProperty("document").GetProperty("caseId").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public async Task Reading_a_case_answers_200_with_the_etag_version_warnings_and_document()
    {
        var site = TestSites.New("read");
        var document = CaseDocuments.Valid("R-1");
        var etag = await _client.CreateCaseAsync(site, "R-1", CaseDocuments.Json(document));

        using var response = await _client.GetCaseAsync(site, "R-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        var body = await response.ReadJsonAsync();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("warnings").ValueKind);
        Assert.Equal(CaseDocuments.Json(document), body.GetProperty("document").GetRawText());
    }

    [Fact]
    public async Task Replacing_with_the_current_etag_answers_200_with_a_new_etag_and_version()
    {
        var site = TestSites.New("replace");
        var etag = await _client.CreateCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1)));
        var replacement = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 2));

        using var response = await _client.PutCaseAsync(site, "C-1", replacement, ifMatch: etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());
        var body = await response.ReadJsonAsync();
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        using var read = await _client.GetCaseAsync(site, "C-1");
        Assert.Equal(replacement, (await read.ReadJsonAsync()).GetProperty("document").GetRawText());
        Assert.Equal(response.Headers.ETag.ToString(), read.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Re_sending_the_stored_document_is_a_200_no_op_without_if_match()
    {
        var site = TestSites.New("retry");
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));
        var etag = await _client.CreateCaseAsync(site, "C-1", json);

        using var retry = await _client.PutCaseAsync(site, "C-1", json);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(etag, retry.Headers.ETag?.ToString());
        Assert.Equal(1, (await retry.ReadJsonAsync()).GetProperty("version").GetInt32());
        using var read = await _client.GetCaseAsync(site, "C-1");
        Assert.Equal(etag, read.Headers.ETag?.ToString());
        Assert.Equal(1, (await read.ReadJsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Replacing_without_if_match_answers_428_and_changes_nothing()
    {
        var site = TestSites.New("no-if-match");
        var original = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1));
        var etag = await _client.CreateCaseAsync(site, "C-1", original);

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 2)));

        await response.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await AssertStoredAsync(site, "C-1", original, etag);
    }

    [Fact]
    public async Task Replacing_with_a_stale_etag_answers_412_and_changes_nothing()
    {
        var site = TestSites.New("stale");
        var first = await _client.CreateCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1)));
        var second = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 2));
        using (var replaced = await _client.PutCaseAsync(site, "C-1", second, ifMatch: first))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        string current;
        using (var read = await _client.GetCaseAsync(site, "C-1"))
        {
            current = read.Headers.ETag!.ToString();
        }

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 3)), ifMatch: first);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await AssertStoredAsync(site, "C-1", second, current);
    }

    [Fact]
    public async Task Creating_with_if_match_on_an_absent_case_answers_412_and_stores_nothing()
    {
        var site = TestSites.New("absent-if-match");

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1")), ifMatch: "\"1\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _client.GetCaseAsync(site, "C-1");
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reading_an_absent_case_answers_404_problem()
    {
        using var response = await _client.GetCaseAsync(TestSites.New("absent"), "NOBODY-1");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Withdrawing_an_absent_case_answers_404_problem()
    {
        using var response = await _client.WithdrawCaseAsync(TestSites.New("absent-delete"), "NOBODY-1", "\"1\"");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Withdrawing_with_the_current_etag_answers_204_and_the_case_is_gone()
    {
        var site = TestSites.New("withdraw");
        var etag = await _client.CreateCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-1")));

        using var response = await _client.WithdrawCaseAsync(site, "C-1", etag);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        using var read = await _client.GetCaseAsync(site, "C-1");
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
        using var list = await _client.GetAsync(RegistryRequests.CasesPath(site));
        Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("total").GetInt32());
        using var again = await _client.WithdrawCaseAsync(site, "C-1", etag);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Withdrawing_without_if_match_answers_428_and_keeps_the_case()
    {
        var site = TestSites.New("withdraw-428");
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));
        var etag = await _client.CreateCaseAsync(site, "C-1", json);

        using var response = await _client.WithdrawCaseAsync(site, "C-1", ifMatch: null);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await AssertStoredAsync(site, "C-1", json, etag);
    }

    [Fact]
    public async Task Withdrawing_with_a_stale_etag_answers_412_and_keeps_the_case()
    {
        var site = TestSites.New("withdraw-412");
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));
        var etag = await _client.CreateCaseAsync(site, "C-1", json);

        using var response = await _client.WithdrawCaseAsync(site, "C-1", "\"999\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await AssertStoredAsync(site, "C-1", json, etag);
    }

    [Fact]
    public async Task A_withdrawn_case_can_be_submitted_again_as_a_new_creation()
    {
        var site = TestSites.New("resubmit");
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));
        var etag = await _client.CreateCaseAsync(site, "C-1", json);
        using (var withdrawn = await _client.WithdrawCaseAsync(site, "C-1", etag))
        {
            Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        }

        using var response = await _client.PutCaseAsync(site, "C-1", json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task Listing_pages_through_the_sites_live_cases_in_case_id_order()
    {
        var site = TestSites.New("list");
        var caseIds = Enumerable.Range(1, 7).Select(n => $"P-{n:D2}").ToList();
        for (var n = caseIds.Count - 1; n >= 0; n--)
        {
            await _client.CreateCaseAsync(site, caseIds[n], CaseDocuments.Json(CaseDocuments.Valid(caseIds[n], seed: n)));
        }

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var query = after is null ? "?limit=3" : $"?limit=3&after={Uri.EscapeDataString(after)}";
            using var response = await _client.GetAsync(RegistryRequests.CasesPath(site) + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            Assert.Equal(site, page.GetProperty("siteId").GetString());
            Assert.Equal(caseIds.Count, page.GetProperty("total").GetInt32());
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 3);
            seen.AddRange(items.Select(item => item.GetProperty("caseId").GetString()!));
            Assert.All(items, item => Assert.Equal(1, item.GetProperty("version").GetInt32()));
            after = page.GetProperty("nextAfter").GetString();
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(caseIds, seen);
    }

    [Fact]
    public async Task Listing_a_site_without_cases_answers_an_empty_page()
    {
        using var response = await _client.GetAsync(RegistryRequests.CasesPath(TestSites.New("empty")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadJsonAsync();
        Assert.Equal(0, page.GetProperty("total").GetInt32());
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextAfter").ValueKind);
    }

    private async Task AssertStoredAsync(string site, string caseId, string expectedJson, string expectedETag)
    {
        using var read = await _client.GetCaseAsync(site, caseId);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(expectedETag, read.Headers.ETag?.ToString());
        Assert.Equal(expectedJson, (await read.ReadJsonAsync()).GetProperty("document").GetRawText());
    }
}
