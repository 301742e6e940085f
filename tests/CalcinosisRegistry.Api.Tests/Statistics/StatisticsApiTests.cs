using System.Net;
using System.Text.Json;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Api.Tests.Statistics;

/// <summary>
/// Contract sections 3 and 4 through HTTP: the statistics routes, their shapes, <c>curve=false</c>, and that written
/// and withdrawn cases show in the counts within the consistency window. Only one test here writes cases; the
/// factory (and so the silo and its statistics) belongs to this class alone.
/// </summary>
public sealed class StatisticsApiTests(RegistryApiFactory factory) : IClassFixture<RegistryApiFactory>
{
    private static readonly string[] CalcinosisTypes = ["dystrophic", "metastatic", "idiopathic", "iatrogenic"];

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task All_statistics_answer_200_with_every_type_and_all_types_together()
    {
        using var response = await _client.GetAsync("/api/statistics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Number, body.GetProperty("casesIncluded").ValueKind);
        var types = body.GetProperty("types").EnumerateArray().Select(t => t.GetProperty("calcinosisType").GetString()).ToList();
        Assert.Equal(CalcinosisTypes.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
        var allTypes = body.GetProperty("allTypes");
        Assert.Equal("all", allTypes.GetProperty("calcinosisType").GetString());
        AssertTypeShape(allTypes);
    }

    [Theory]
    [InlineData("dystrophic")]
    [InlineData("metastatic")]
    [InlineData("idiopathic")]
    [InlineData("iatrogenic")]
    [InlineData("all")]
    public async Task One_type_answers_200_with_the_section_3_shape_and_curves(string type)
    {
        using var response = await _client.GetAsync($"/api/statistics/types/{type}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(type, body.GetProperty("calcinosisType").GetString());
        AssertTypeShape(body);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("allTreatments").GetProperty("recurrence").GetProperty("curve").ValueKind);
    }

    [Theory]
    [InlineData("/api/statistics/types/dystrophic?curve=false")]
    [InlineData("/api/statistics/types/all?curve=false")]
    [InlineData("/api/statistics?curve=false")]
    [InlineData("/api/statistics?curve=False")]
    public async Task Curve_false_leaves_out_every_curve(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        Assert.False(HasProperty(document.RootElement, "curve"), $"A curve in {path}: {text}");
        Assert.True(HasProperty(document.RootElement, "survivalAt"), "The summary lost more than the curve.");
    }

    [Theory]
    [InlineData("/api/statistics/types/dystrophic?curve=true")]
    [InlineData("/api/statistics?curve=true")]
    [InlineData("/api/statistics")]
    public async Task Curve_true_or_absent_includes_the_curves(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(HasProperty(document.RootElement, "curve"));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("Dystrophic")]
    [InlineData("ALL")]
    [InlineData("calcinosis")]
    public async Task An_unknown_type_answers_404_problem(string type)
    {
        using var response = await _client.GetAsync($"/api/statistics/types/{type}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/statistics/types/dystrophic?curve=maybe")]
    [InlineData("/api/statistics?curve=maybe")]
    [InlineData("/api/statistics?curve=")]
    [InlineData("/api/statistics?curve=1")]
    public async Task A_curve_that_is_not_true_or_false_answers_400_at_curve(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Contains("curve", await response.AssertValidationProblemAsync());
    }

    [Fact]
    public async Task Submitted_cases_show_in_their_types_counts_and_withdrawals_drop_them()
    {
        const string type = "iatrogenic";
        var site = TestSites.New("stats");
        var baseline = await ReadTypeAsync(type);
        var baselineAll = await ReadAllAsync();
        var documents = Enumerable.Range(1, 5)
            .Select(n => CaseDocuments.ValidOfType($"ST-{n}", CalcinosisType.Iatrogenic, seed: 100 + n))
            .ToList();
        Assert.Contains(documents, d => d.Treatments.Count > 0);
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            etags[document.CaseId] = await _client.CreateCaseAsync(site, document.CaseId, CaseDocuments.Json(document));
        }

        var expected = Counts.Of(documents);
        var afterSubmit = await Eventually.ReadUntilAsync(() => ReadTypeAsync(type), s => Counts.Read(s) == Counts.Read(baseline) + expected);
        Assert.Equal(Counts.Read(baseline) + expected, Counts.Read(afterSubmit));
        Assert.Equal(baseline.GetProperty("casesIncluded").GetInt32() + documents.Count, afterSubmit.GetProperty("casesIncluded").GetInt32());
        foreach (var (treatmentClass, courses) in Counts.CoursesByClass(documents))
        {
            var entry = afterSubmit.GetProperty("byTreatment").EnumerateArray().Single(e => e.GetProperty("class").GetString() == treatmentClass);
            Assert.True(entry.GetProperty("courses").GetInt32() >= courses, $"{treatmentClass}: {entry}");
        }

        var allAfterSubmit = await Eventually.ReadUntilAsync(
            ReadAllAsync, s => s.GetProperty("casesIncluded").GetInt32() == baselineAll.GetProperty("casesIncluded").GetInt32() + documents.Count);
        Assert.Equal(baselineAll.GetProperty("casesIncluded").GetInt32() + documents.Count, allAfterSubmit.GetProperty("casesIncluded").GetInt32());

        var withdrawn = documents.Take(2).ToList();
        foreach (var document in withdrawn)
        {
            using var response = await _client.WithdrawCaseAsync(site, document.CaseId, etags[document.CaseId]);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var remaining = Counts.Read(baseline) + Counts.Of(documents.Skip(2).ToList());
        var afterWithdraw = await Eventually.ReadUntilAsync(() => ReadTypeAsync(type), s => Counts.Read(s) == remaining);
        Assert.Equal(remaining, Counts.Read(afterWithdraw));

        foreach (var document in documents.Skip(2))
        {
            using var response = await _client.WithdrawCaseAsync(site, document.CaseId, etags[document.CaseId]);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var afterAll = await Eventually.ReadUntilAsync(() => ReadTypeAsync(type), s => Counts.Read(s) == Counts.Read(baseline));
        Assert.Equal(Counts.Read(baseline), Counts.Read(afterAll));
    }

    private async Task<JsonElement> ReadTypeAsync(string type)
    {
        using var response = await _client.GetAsync($"/api/statistics/types/{type}?curve=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonElement> ReadAllAsync()
    {
        using var response = await _client.GetAsync("/api/statistics?curve=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static void AssertTypeShape(JsonElement type)
    {
        foreach (var name in new[] { "casesIncluded", "cases", "lesions", "courses" })
        {
            Assert.Equal(JsonValueKind.Number, type.GetProperty(name).ValueKind);
        }

        Assert.Equal(JsonValueKind.Array, type.GetProperty("byTreatment").ValueKind);
        var all = type.GetProperty("allTreatments");
        Assert.Equal("all", all.GetProperty("class").GetString());
        foreach (var name in new[] { "courses", "assessed", "complete", "partial", "none", "progression" })
        {
            Assert.Equal(JsonValueKind.Number, all.GetProperty(name).ValueKind);
        }

        foreach (var name in new[] { "responseRate", "completeResponseRate" })
        {
            var rate = all.GetProperty(name);
            Assert.True(rate.TryGetProperty("estimate", out _) && rate.TryGetProperty("lower", out _) && rate.TryGetProperty("upper", out _), rate.ToString());
        }

        var recurrence = all.GetProperty("recurrence");
        Assert.Equal(JsonValueKind.Number, recurrence.GetProperty("responders").ValueKind);
        Assert.Equal(JsonValueKind.Number, recurrence.GetProperty("recurrences").ValueKind);
        Assert.Equal(JsonValueKind.Object, recurrence.GetProperty("proportion").ValueKind);
        var survivalAt = recurrence.GetProperty("survivalAt");
        Assert.True(survivalAt.TryGetProperty("180", out _) && survivalAt.TryGetProperty("365", out _) && survivalAt.TryGetProperty("730", out _), survivalAt.ToString());
        Assert.True(recurrence.TryGetProperty("medianDays", out _));
    }

    private static bool HasProperty(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name == name || HasProperty(p.Value, name)),
        JsonValueKind.Array => element.EnumerateArray().Any(item => HasProperty(item, name)),
        _ => false,
    };
}
