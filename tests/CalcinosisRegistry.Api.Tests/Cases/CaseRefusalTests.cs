using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CalcinosisRegistry.Api.Tests.Infrastructure;

namespace CalcinosisRegistry.Api.Tests.Cases;

/// <summary>
/// Contract section 2 and the issue: every refused write answers its 4xx with a problem document (400s list every
/// fault with its path), and a refusal stores nothing and changes nothing.
/// </summary>
public sealed class CaseRefusalTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>One document with a fault of (nearly) every kind section 2 names; the comment after each line is the path it must be reported at.</summary>
    private const string DocumentWithManyFaults = """
        {
          "caseId": "MANY-1",
          "sex": "femal",
          "ageAtOnsetYears": 121,
          "diagnosisYear": 1949,
          "calcinosisType": "dystrophic",
          "underlyingConditions": ["systemic-sclerosis", "gout"],
          "labs": [ { "day": 0, "serumCalciumMgDl": 30, "phosphateMgDl": 0.1, "pthPgMl": null } ],
          "diagnosticMethods": ["clinical", "x-ray", "x-ray"],
          "lesions": [
            { "lesionId": "L1", "bodySite": "nose", "laterality": "left", "morphology": "nodule", "firstSeenDay": 0,
              "observations": [ { "day": 0, "sizeMm": 501, "ulcerated": "yes", "painScore": 11 } ] },
            { "lesionId": "L1", "bodySite": "finger", "morphology": "lump", "firstSeenDay": 36501 }
          ],
          "treatments": [
            { "treatmentId": "T1", "class": "calcium-channel-blocker", "route": "oral", "startDay": 100, "endDay": 50,
              "lesionIds": ["L9"], "assessments": [ { "day": 90, "response": "great" } ] },
            { "treatmentId": "T1", "class": "magic", "route": "surgical", "startDay": -1, "lesionIds": [] }
          ],
          "recurrences": [ { "lesionId": "L7", "day": 5 } ],
          "lastFollowUpDay": 60,
          "patientName": "Jane Doe"
        }
        """;

    private static readonly string[] PathsOfTheFaults =
    [
        "$.sex",
        "$.ageAtOnsetYears",
        "$.diagnosisYear",
        "$.underlyingConditions[1]",
        "$.labs[0].serumCalciumMgDl",
        "$.labs[0].phosphateMgDl",
        "$.diagnosticMethods[2]",
        "$.lesions[0].bodySite",
        "$.lesions[0].observations[0].sizeMm",
        "$.lesions[0].observations[0].ulcerated",
        "$.lesions[0].observations[0].painScore",
        "$.lesions[1].lesionId",
        "$.lesions[1].morphology",
        "$.lesions[1].firstSeenDay",
        "$.treatments[0].endDay",
        "$.treatments[0].lesionIds[0]",
        "$.treatments[0].assessments[0].day",
        "$.treatments[0].assessments[0].response",
        "$.treatments[1].treatmentId",
        "$.treatments[1].class",
        "$.treatments[1].startDay",
        "$.treatments[1].lesionIds",
        "$.recurrences[0].lesionId",
        "$.lastFollowUpDay",
        "$.patientName",
    ];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_document_with_many_faults_answers_400_listing_every_fault_with_its_path()
    {
        var site = TestSites.New("many-faults");

        using var response = await _client.PutCaseAsync(site, "MANY-1", DocumentWithManyFaults);

        var paths = await response.AssertValidationProblemAsync();
        var missing = PathsOfTheFaults.Except(paths, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Faults not reported: {string.Join(", ", missing)}; reported: {string.Join(", ", paths)}");
        var unexpected = paths.Except(PathsOfTheFaults, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, $"Faults reported where there is none: {string.Join(", ", unexpected)}");
        await AssertAbsentAsync(site, "MANY-1");
    }

    [Theory]
    [InlineData("sex", "\"f\"", "$.sex")]
    [InlineData("ageAtOnsetYears", "-1", "$.ageAtOnsetYears")]
    [InlineData("ageAtOnsetYears", "41.5", "$.ageAtOnsetYears")]
    [InlineData("ageAtOnsetYears", "\"41\"", "$.ageAtOnsetYears")]
    [InlineData("diagnosisYear", "3000", "$.diagnosisYear")]
    [InlineData("calcinosisType", "\"Dystrophic\"", "$.calcinosisType")]
    [InlineData("calcinosisType", "null", "$.calcinosisType")]
    [InlineData("lesions", "[]", "$.lesions")]
    [InlineData("lesions", "{}", "$.lesions")]
    [InlineData("lastFollowUpDay", "36501", "$.lastFollowUpDay")]
    [InlineData("caseId", "7", "$.caseId")]
    [InlineData("mrn", "\"12345678\"", "$.mrn")]
    public async Task A_single_fault_answers_400_naming_its_path_and_stores_nothing(string property, string jsonValue, string expectedPath)
    {
        var site = TestSites.New("one-fault");
        var document = CaseDocuments.Node(CaseDocuments.Valid("C-1"));
        document[property] = JsonNode.Parse(jsonValue);

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(document));

        var paths = await response.AssertValidationProblemAsync();
        Assert.Contains(expectedPath, paths);
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task A_missing_required_field_answers_400_at_its_path()
    {
        var site = TestSites.New("missing");
        var document = CaseDocuments.Node(CaseDocuments.Valid("C-1"));
        document.Remove("calcinosisType");
        document.Remove("lastFollowUpDay");

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(document));

        var paths = await response.AssertValidationProblemAsync();
        Assert.Contains("$.calcinosisType", paths);
        Assert.Contains("$.lastFollowUpDay", paths);
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task More_than_200_lesions_answers_400_at_the_lesions_array()
    {
        var site = TestSites.New("lesion-limit");
        var document = CaseDocuments.Node(CaseDocuments.Valid("C-1"));
        var lesions = new JsonArray();
        for (var n = 1; n <= 201; n++)
        {
            lesions.Add(new JsonObject { ["lesionId"] = $"X{n}", ["bodySite"] = "finger", ["morphology"] = "nodule", ["firstSeenDay"] = 0 });
        }

        document["lesions"] = lesions;
        document["treatments"] = new JsonArray();
        document["recurrences"] = new JsonArray();

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(document));

        Assert.Contains("$.lesions", await response.AssertValidationProblemAsync());
        await AssertAbsentAsync(site, "C-1");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"caseId\": \"C-1\",}")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("{} {}")]
    public async Task Malformed_or_empty_or_non_object_json_answers_400_at_the_root(string body)
    {
        var site = TestSites.New("malformed");

        using var response = await _client.PutCaseAsync(site, "C-1", body);

        Assert.Contains("$", await response.AssertValidationProblemAsync());
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task Invalid_utf8_answers_400_and_stores_nothing()
    {
        var site = TestSites.New("bad-utf8");
        var valid = Encoding.UTF8.GetBytes(CaseDocuments.Json(CaseDocuments.Valid("C-1")));
        var marker = Encoding.UTF8.GetBytes("\"clinical\"");
        var at = valid.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        var body = valid.ToArray();
        body[at + 1] = 0xC3;
        body[at + 2] = 0x28;

        using var response = await _client.PutCaseAsync(site, "C-1", body);

        await response.AssertValidationProblemAsync();
        await AssertAbsentAsync(site, "C-1");
    }

    /// <summary>
    /// A lone UTF-16 surrogate written as a JSON escape is valid UTF-8 on the wire but no text: the document must be
    /// refused as a client fault (400), not fail the server.
    /// </summary>
    [Theory]
    [InlineData("\"caseId\":\"C-1\"", "\"caseId\":\"\\uD800\"")]
    [InlineData("\"sex\":\"", "\"sex\":\"\\uD800")]
    [InlineData("\"agent\":\"", "\"agent\":\"\\uDC00")]
    [InlineData("\"caseId\":", "\"\\uD800\":1,\"caseId\":")]
    public async Task A_lone_surrogate_escape_answers_400_and_stores_nothing(string find, string replacement)
    {
        var site = TestSites.New("surrogate");
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));
        var at = json.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        var body = string.Concat(json.AsSpan(0, at), replacement, json.AsSpan(at + find.Length));

        using var response = await _client.PutCaseAsync(site, "C-1", body);

        await response.AssertValidationProblemAsync();
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task A_body_over_256_KiB_answers_413_and_stores_nothing()
    {
        var site = TestSites.New("too-large");

        using var response = await _client.PutCaseAsync(site, "C-1", PaddedValidDocument("C-1", MaxBodyBytes + 1));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task A_body_over_256_KiB_without_content_length_answers_413_and_stores_nothing()
    {
        var site = TestSites.New("too-large-chunked");
        var request = new HttpRequestMessage(HttpMethod.Put, RegistryRequests.CasePath(site, "C-1"))
        {
            Content = new StreamContent(new UnseekableStream(PaddedValidDocument("C-1", MaxBodyBytes + 1))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertAbsentAsync(site, "C-1");
    }

    [Fact]
    public async Task A_body_without_content_length_of_exactly_256_KiB_is_accepted()
    {
        var site = TestSites.New("chunked");
        var document = PaddedValidDocument("C-1", MaxBodyBytes);
        var request = new HttpRequestMessage(HttpMethod.Put, RegistryRequests.CasePath(site, "C-1"))
        {
            Content = new StreamContent(new UnseekableStream(document)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_body_of_exactly_256_KiB_is_accepted()
    {
        var site = TestSites.New("at-limit");

        using var response = await _client.PutCaseAsync(site, "C-1", PaddedValidDocument("C-1", MaxBodyBytes));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Replacing_with_a_body_over_256_KiB_answers_413_and_keeps_the_stored_case()
    {
        var site = TestSites.New("too-large-replace");
        var original = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1));
        var etag = await _client.CreateCaseAsync(site, "C-1", original);

        using var response = await _client.PutCaseAsync(site, "C-1", PaddedValidDocument("C-1", MaxBodyBytes + 100, seed: 2), etag);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertUnchangedAsync(site, "C-1", original, etag);
    }

    [Theory]
    [InlineData("Upper-Case")]
    [InlineData("a")]
    [InlineData("under_score")]
    [InlineData("site.with.dots")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public async Task An_invalid_site_id_answers_400_at_siteId_on_every_case_route(string siteId)
    {
        var json = CaseDocuments.Json(CaseDocuments.Valid("C-1"));

        using var put = await _client.PutCaseAsync(siteId, "C-1", json);
        using var get = await _client.GetCaseAsync(siteId, "C-1");
        using var delete = await _client.WithdrawCaseAsync(siteId, "C-1", "\"1\"");
        using var list = await _client.GetAsync(RegistryRequests.CasesPath(siteId));

        Assert.Contains("siteId", await put.AssertValidationProblemAsync());
        Assert.Contains("siteId", await get.AssertValidationProblemAsync());
        Assert.Contains("siteId", await delete.AssertValidationProblemAsync());
        Assert.Contains("siteId", await list.AssertValidationProblemAsync());
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("bad!id")]
    [InlineData("caf\u00e9")]
    [InlineData("C-1\n")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    public async Task An_invalid_case_id_answers_400_at_caseId_and_stores_nothing(string caseId)
    {
        var site = TestSites.New("bad-case-id");
        var document = CaseDocuments.Node(CaseDocuments.Valid("C-1"));
        document["caseId"] = caseId;

        using var put = await _client.PutCaseAsync(site, caseId, CaseDocuments.Json(document));
        using var get = await _client.GetCaseAsync(site, caseId);
        using var delete = await _client.WithdrawCaseAsync(site, caseId, "\"1\"");

        Assert.Contains("caseId", await put.AssertValidationProblemAsync());
        Assert.Contains("caseId", await get.AssertValidationProblemAsync());
        Assert.Contains("caseId", await delete.AssertValidationProblemAsync());
        await AssertSiteEmptyAsync(site);
    }

    [Fact]
    public async Task A_body_caseId_differing_from_the_route_answers_400_at_caseId_and_stores_neither()
    {
        var site = TestSites.New("mismatch");

        using var response = await _client.PutCaseAsync(site, "ROUTE-1", CaseDocuments.Json(CaseDocuments.Valid("BODY-1")));

        Assert.Contains("$.caseId", await response.AssertValidationProblemAsync());
        await AssertAbsentAsync(site, "ROUTE-1");
        await AssertAbsentAsync(site, "BODY-1");
        await AssertSiteEmptyAsync(site);
    }

    [Fact]
    public async Task A_caseId_mismatch_is_listed_together_with_the_other_faults()
    {
        var site = TestSites.New("mismatch-more");
        var document = CaseDocuments.Node(CaseDocuments.Valid("BODY-1"));
        document["sex"] = "x";

        using var response = await _client.PutCaseAsync(site, "ROUTE-1", CaseDocuments.Json(document));

        var paths = await response.AssertValidationProblemAsync();
        Assert.Contains("$.caseId", paths);
        Assert.Contains("$.sex", paths);
        await AssertSiteEmptyAsync(site);
    }

    [Fact]
    public async Task An_invalid_replacement_answers_400_and_keeps_the_stored_case()
    {
        var site = TestSites.New("bad-replace");
        var original = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1));
        var etag = await _client.CreateCaseAsync(site, "C-1", original);
        var broken = CaseDocuments.Node(CaseDocuments.Valid("C-1", seed: 2));
        broken["ageAtOnsetYears"] = 500;

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(broken), etag);

        Assert.Contains("$.ageAtOnsetYears", await response.AssertValidationProblemAsync());
        await AssertUnchangedAsync(site, "C-1", original, etag);
    }

    [Fact]
    public async Task A_mismatched_replacement_answers_400_and_keeps_the_stored_case()
    {
        var site = TestSites.New("mismatch-replace");
        var original = CaseDocuments.Json(CaseDocuments.Valid("C-1", seed: 1));
        var etag = await _client.CreateCaseAsync(site, "C-1", original);

        using var response = await _client.PutCaseAsync(site, "C-1", CaseDocuments.Json(CaseDocuments.Valid("C-2", seed: 2)), etag);

        Assert.Contains("$.caseId", await response.AssertValidationProblemAsync());
        await AssertUnchangedAsync(site, "C-1", original, etag);
    }

    [Fact]
    public async Task Plausibility_concerns_are_stored_and_returned_as_warnings_not_refused()
    {
        var site = TestSites.New("warnings");
        var document = CaseDocuments.Node(CaseDocuments.ValidOfType("W-1", Domain.Cases.CalcinosisType.Iatrogenic, seed: 3));
        document["underlyingConditions"] = new JsonArray("trauma");

        using var response = await _client.PutCaseAsync(site, "W-1", CaseDocuments.Json(document));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(0, (await response.ReadJsonAsync()).GetProperty("warnings").GetArrayLength());
        using var read = await _client.GetCaseAsync(site, "W-1");
        var warnings = (await read.ReadJsonAsync()).GetProperty("warnings");
        Assert.NotEqual(0, warnings.GetArrayLength());
        Assert.All(warnings.EnumerateArray(), warning => Assert.False(string.IsNullOrEmpty(warning.GetProperty("code").GetString())));
    }

    [Fact]
    public async Task An_age_above_89_is_stored_as_90()
    {
        var site = TestSites.New("old-age");
        var document = CaseDocuments.Node(CaseDocuments.Valid("A-1"));
        document["ageAtOnsetYears"] = 97;

        await _client.CreateCaseAsync(site, "A-1", CaseDocuments.Json(document));

        using var read = await _client.GetCaseAsync(site, "A-1");
        Assert.Equal(90, (await read.ReadJsonAsync()).GetProperty("document").GetProperty("ageAtOnsetYears").GetInt32());
    }

    /// <summary>A valid document followed by spaces (insignificant JSON whitespace) up to exactly <paramref name="totalBytes"/>.</summary>
    private static byte[] PaddedValidDocument(string caseId, int totalBytes, int seed = 7)
    {
        var json = Encoding.UTF8.GetBytes(CaseDocuments.Json(CaseDocuments.Valid(caseId, seed)));
        var body = new byte[totalBytes];
        json.CopyTo(body, 0);
        body.AsSpan(json.Length).Fill((byte)' ');
        return body;
    }

    private async Task AssertAbsentAsync(string site, string caseId)
    {
        using var read = await _client.GetCaseAsync(site, caseId);
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task AssertSiteEmptyAsync(string site)
    {
        using var list = await _client.GetAsync(RegistryRequests.CasesPath(site));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    private async Task AssertUnchangedAsync(string site, string caseId, string expectedJson, string expectedETag)
    {
        using var read = await _client.GetCaseAsync(site, caseId);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(expectedETag, read.Headers.ETag?.ToString());
        var body = await read.ReadJsonAsync();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(expectedJson, body.GetProperty("document").GetRawText());
    }
}
