using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CalcinosisRegistry.Api.Tests.Infrastructure;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Api.Tests.Analyses;

/// <summary>
/// <c>POST /api/analyses</c> over HTTP with exact figures (access control off here; the rounded view has its own
/// tests). Five cases with chosen attributes are written to two fresh sites; every expected figure is counted from the
/// submitted documents with plain LINQ, not by the registry's code. Every request limits the cohort to these sites.
/// </summary>
public sealed class AnalysesApiTests : IClassFixture<RegistryApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client;
    private readonly string _north = TestSites.New("an-north");
    private readonly string _south = TestSites.New("an-south");
    private readonly List<(string Site, CaseDocument Document)> _cases = [];

    public AnalysesApiTests(RegistryApiFactory factory) => _client = factory.CreateClient();

    public async Task InitializeAsync()
    {
        await AddAsync(_north, Case("N-1", CalcinosisType.Dystrophic, Sex.Female, 30, 2010, UnderlyingCondition.Dermatomyositis));
        await AddAsync(_north, Case("N-2", CalcinosisType.Dystrophic, Sex.Male, 70, 2020, UnderlyingCondition.SystemicSclerosis));
        await AddAsync(_north, Case("N-3", CalcinosisType.Metastatic, Sex.Female, 50, 2015, UnderlyingCondition.ChronicKidneyDisease));
        await AddAsync(_south, Case("S-1", CalcinosisType.Idiopathic, Sex.Female, 10, 2018, UnderlyingCondition.None));
        await AddAsync(_south, Case("S-2", CalcinosisType.Dystrophic, Sex.Female, 45, 2012, UnderlyingCondition.Dermatomyositis, UnderlyingCondition.Lupus));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("\"calcinosisTypes\":[\"dystrophic\"]")]
    [InlineData("\"underlyingConditions\":[\"dermatomyositis\",\"chronic-kidney-disease\"]")]
    [InlineData("\"sex\":[\"female\"]")]
    [InlineData("\"ageAtOnset\":{\"min\":18,\"max\":64}")]
    [InlineData("\"diagnosisYear\":{\"min\":2012,\"max\":2018}")]
    [InlineData("\"treatmentClasses\":[\"surgery\",\"calcium-channel-blocker\"]")]
    [InlineData(null)]
    public async Task EachFilterSelectsTheCasesAndCoursesItNames(string? member)
    {
        var result = await AnalyzeAsync(member, compare: null);

        var cohort = _cases.Where(c => Matches(c, member)).ToArray();
        var courses = cohort.SelectMany(c => c.Document.Treatments).Where(t => ClassMatches(t, member)).ToArray();
        Assert.Equal("exact", result.GetProperty("disclosure").GetString());
        Assert.Equal(cohort.Length, result.GetProperty("casesIncluded").GetInt32());
        Assert.Equal(courses.Length, result.GetProperty("coursesIncluded").GetInt32());
        var groups = result.GetProperty("groups").EnumerateArray().ToArray();
        if (courses.Length == 0)
        {
            Assert.Empty(groups);
            return;
        }

        var all = Assert.Single(groups);
        Assert.Equal("all", all.GetProperty("key").GetString());
        Assert.Equal(courses.Count(t => t.Assessments.Count > 0), all.GetProperty("assessed").GetInt32());
        Assert.Equal(JsonValueKind.Array, all.GetProperty("recurrence").GetProperty("curve").ValueKind);
    }

    [Theory]
    [InlineData("treatment-class")]
    [InlineData("calcinosis-type")]
    [InlineData("sex")]
    [InlineData("site")]
    [InlineData("age-band")]
    public async Task EachComparisonGroupsTheCoursesByItsKey(string compare)
    {
        var result = await AnalyzeAsync(null, compare);

        var expected = _cases
            .SelectMany(c => c.Document.Treatments.Select(t => (Key: KeyOf(compare, c, t), Case: c.Document.CaseId)))
            .GroupBy(course => course.Key)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (group.Key, Cases: group.Select(course => course.Case).Distinct().Count(), Courses: group.Count()))
            .ToArray();
        var actual = result.GetProperty("groups").EnumerateArray()
            .Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("cases").GetInt32(), g.GetProperty("courses").GetInt32()))
            .ToArray();
        Assert.Equal(compare, result.GetProperty("compare").GetString());
        Assert.True(expected.Length >= 2, "The seeded cases should fall into at least two groups.");
        Assert.Equal(expected, actual);
        var responderGroups = result.GetProperty("groups").EnumerateArray().Count(g => g.GetProperty("recurrence").GetProperty("responders").GetInt32() > 0);
        var logRank = result.GetProperty("logRank");
        if (logRank.ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(responderGroups, logRank.GetProperty("groups").GetInt32());
            Assert.Equal(responderGroups, logRank.GetProperty("observed").GetArrayLength());
            Assert.InRange(logRank.GetProperty("pValue").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public async Task AWriteAndAWithdrawalShowInTheNextAnalysis()
    {
        var site = TestSites.New("an-fresh");
        var document = Case("F-1", CalcinosisType.Iatrogenic, Sex.Other, 40, 2019, UnderlyingCondition.IvCalcium);
        var etag = await _client.CreateCaseAsync(site, "F-1", CaseDocuments.Json(document));

        var afterWrite = await AnalyzeAsync($"\"sites\":[\"{site}\"]", "sex");
        Assert.Equal(1, afterWrite.GetProperty("casesIncluded").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.WithdrawCaseAsync(site, "F-1", etag)).StatusCode);
        var afterWithdrawal = await AnalyzeAsync($"\"sites\":[\"{site}\"]", "sex");
        Assert.Equal(0, afterWithdrawal.GetProperty("casesIncluded").GetInt32());
    }

    [Fact]
    public async Task ARebuildGivesTheSameAnalysis()
    {
        var before = (await AnalyzeAsync(null, "treatment-class")).GetRawText();

        using var rebuild = await _client.PostAsync("/api/admin/statistics/rebuild", null);
        Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);

        Assert.Equal(before, (await AnalyzeAsync(null, "treatment-class")).GetRawText());
    }

    [Fact]
    public async Task CsvHasOneRowPerFigureAndCurveStep()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/analyses")
        {
            Content = new StringContent(Body(null, "calcinosis-type"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await _client.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("section,group,field,day,value,lower,upper,atRisk,events,censored,disclosure,roundTo", lines[0]);
        Assert.Contains($"cohort,,casesIncluded,,{_cases.Count},,,,,,exact,", lines);
        var json = await AnalyzeAsync(null, "calcinosis-type");
        var steps = json.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("recurrence").GetProperty("curve").GetArrayLength());
        Assert.Equal(steps, lines.Count(line => line.StartsWith("curve,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ABadBodyIsRefusedWithEveryFault()
    {
        using var response = await _client.PostAsync("/api/analyses",
            new StringContent("""{"filter":{"treatmentClasses":["laser"],"sites":[]},"compare":"colour"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(["$.compare", "$.filter.sites", "$.filter.treatmentClasses[0]"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
    }

    private async Task AddAsync(string site, CaseDocument document)
    {
        await _client.CreateCaseAsync(site, document.CaseId, CaseDocuments.Json(document));
        _cases.Add((site, document));
    }

    private async Task<JsonElement> AnalyzeAsync(string? filterMember, string? compare)
    {
        using var response = await _client.PostAsync("/api/analyses", new StringContent(Body(filterMember, compare), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The filter member, plus these tests' two sites unless the member names sites itself.</summary>
    private string Body(string? filterMember, string? compare)
    {
        var members = new List<string>();
        if (filterMember is not null)
        {
            members.Add(filterMember);
        }

        if (filterMember?.StartsWith("\"sites\"", StringComparison.Ordinal) != true)
        {
            members.Add($"\"sites\":[\"{_north}\",\"{_south}\"]");
        }

        return $"{{\"filter\":{{{string.Join(',', members)}}}{(compare is null ? string.Empty : $",\"compare\":\"{compare}\"")}}}";
    }

    private static bool Matches((string Site, CaseDocument Document) item, string? member)
    {
        var d = item.Document;
        return member switch
        {
            null => true,
            _ when member.Contains("calcinosisTypes", StringComparison.Ordinal) => d.CalcinosisType == CalcinosisType.Dystrophic,
            _ when member.Contains("underlyingConditions", StringComparison.Ordinal) =>
                d.UnderlyingConditions.Any(c => c is UnderlyingCondition.Dermatomyositis or UnderlyingCondition.ChronicKidneyDisease),
            _ when member.Contains("sex", StringComparison.Ordinal) => d.Sex == Sex.Female,
            _ when member.Contains("ageAtOnset", StringComparison.Ordinal) => d.AgeAtOnsetYears is >= 18 and <= 64,
            _ when member.Contains("diagnosisYear", StringComparison.Ordinal) => d.DiagnosisYear is >= 2012 and <= 2018,
            _ => true,
        };
    }

    private static bool ClassMatches(TreatmentCourse course, string? member) =>
        member?.Contains("treatmentClasses", StringComparison.Ordinal) != true
        || course.Class is TreatmentClass.Surgery or TreatmentClass.CalciumChannelBlocker;

    private static string KeyOf(string compare, (string Site, CaseDocument Document) item, TreatmentCourse course) => compare switch
    {
        "treatment-class" => CaseJson.ToWireName(course.Class),
        "calcinosis-type" => CaseJson.ToWireName(item.Document.CalcinosisType),
        "sex" => CaseJson.ToWireName(item.Document.Sex),
        "site" => item.Site,
        _ => item.Document.AgeAtOnsetYears switch { < 18 => "0-17", < 40 => "18-39", < 65 => "40-64", _ => "65+" },
    };

    /// <summary>A synthetic case of the type (for plausible courses) with the attributes the filters read set by hand.</summary>
    private static CaseDocument Case(string caseId, CalcinosisType type, Sex sex, int age, int year, params UnderlyingCondition[] conditions) =>
        CaseDocuments.ValidOfType(caseId, type, seed: caseId.Sum(ch => ch)) with
        {
            Sex = sex, AgeAtOnsetYears = age, DiagnosisYear = year, UnderlyingConditions = conditions,
        };
}
