using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Analyses;

/// <summary>Filters, comparisons and replacement in a shard's compact analysis data, counted by hand.</summary>
public sealed class CohortIndexTests
{
    private readonly CohortIndex _index = new();

    public CohortIndexTests()
    {
        // c1: dystrophic, female 17, 2010, dermatomyositis; surgery (complete, recurred at 100), CCB (none).
        _index.Set("case:north/c1", "north", Contribution(CalcinosisType.Dystrophic, Sex.Female, 17, 2010, [UnderlyingCondition.Dermatomyositis],
            Course(TreatmentClass.Surgery, Response.Complete, 100, recurred: true), Course(TreatmentClass.CalciumChannelBlocker, Response.None)));
        // c2: dystrophic, male 18, 2015, systemic sclerosis; two surgery courses (partial censored 200; unassessed).
        _index.Set("case:north/c2", "north", Contribution(CalcinosisType.Dystrophic, Sex.Male, 18, 2015, [UnderlyingCondition.SystemicSclerosis],
            Course(TreatmentClass.Surgery, Response.Partial, 200, recurred: false), Course(TreatmentClass.Surgery, null)));
        // c3: metastatic, female 65, 2020, CKD; CCB (complete, censored 50).
        _index.Set("case:south/c3", "south", Contribution(CalcinosisType.Metastatic, Sex.Female, 65, 2020, [UnderlyingCondition.ChronicKidneyDisease],
            Course(TreatmentClass.CalciumChannelBlocker, Response.Complete, 50, recurred: false)));
        // c4: idiopathic, female 40, 2020, no course at all.
        _index.Set("case:south/c4", "south", Contribution(CalcinosisType.Idiopathic, Sex.Female, 40, 2020, [UnderlyingCondition.None]));
    }

    [Fact]
    public void WithoutAFilterEveryCaseAndCourseIsOneGroup()
    {
        var partial = _index.Analyze(AnalysisRequest.Everything);

        Assert.Equal((4, 5), (partial.CasesIncluded, partial.CoursesIncluded));
        var all = Assert.Single(partial.Groups);
        Assert.Equal("all", all.Key);
        Assert.Equal((3, 5, 4, 2, 1, 1, 3, 1), Counts(all.Value));
    }

    [Fact]
    public void ComparingTreatmentClassesCountsACaseOncePerClass()
    {
        var partial = _index.Analyze(new AnalysisRequest(AnalysisFilter.Everything, AnalysisComparison.TreatmentClass));

        Assert.Equal(["calcium-channel-blocker", "surgery"], partial.Groups.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((2, 2, 2, 1, 0, 1, 1, 0), Counts(partial.Groups["calcium-channel-blocker"]));
        Assert.Equal((2, 3, 2, 1, 1, 0, 2, 1), Counts(partial.Groups["surgery"]));
        Assert.Equal([new DayCounts(100, 1, 0), new DayCounts(200, 0, 1)], partial.Groups["surgery"].Times);
    }

    [Fact]
    public void TreatmentClassesNarrowTheCoursesNotTheCohort()
    {
        var partial = _index.Analyze(new AnalysisRequest(new AnalysisFilter(TreatmentClasses: [TreatmentClass.Surgery]), AnalysisComparison.None));

        Assert.Equal((4, 3), (partial.CasesIncluded, partial.CoursesIncluded));
        Assert.Equal(2, partial.Groups["all"].Cases);
    }

    [Theory]
    [InlineData("types", 2)]
    [InlineData("conditions", 2)]
    [InlineData("sex", 3)]
    [InlineData("age", 2)]
    [InlineData("year", 2)]
    [InlineData("sites", 2)]
    [InlineData("unknown-site", 0)]
    public void EachCaseFilterSelectsItsCases(string filter, int cases)
    {
        var request = new AnalysisRequest(filter switch
        {
            "types" => new AnalysisFilter(CalcinosisTypes: [CalcinosisType.Dystrophic]),
            "conditions" => new AnalysisFilter(UnderlyingConditions: [UnderlyingCondition.Dermatomyositis, UnderlyingCondition.ChronicKidneyDisease]),
            "sex" => new AnalysisFilter(Sex: [Sex.Female]),
            "age" => new AnalysisFilter(AgeAtOnset: new IntRange(18, 64)),
            "year" => new AnalysisFilter(DiagnosisYear: new IntRange(2010, 2015)),
            "sites" => new AnalysisFilter(Sites: ["south"]),
            _ => new AnalysisFilter(Sites: ["nowhere"]),
        }, AnalysisComparison.None);

        Assert.Equal(cases, _index.Analyze(request).CasesIncluded);
    }

    [Theory]
    [InlineData(AnalysisComparison.CalcinosisType, "dystrophic:2,metastatic:1")]
    [InlineData(AnalysisComparison.Sex, "female:2,male:1")]
    [InlineData(AnalysisComparison.Site, "north:2,south:1")]
    [InlineData(AnalysisComparison.AgeBand, "0-17:1,18-39:1,65+:1")]
    public void CaseLevelComparisonsPutEachCaseInOneGroup(AnalysisComparison compare, string expected)
    {
        var partial = _index.Analyze(new AnalysisRequest(AnalysisFilter.Everything, compare));

        var groups = partial.Groups.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}:{pair.Value.Cases}");
        Assert.Equal(expected, string.Join(',', groups));
    }

    [Fact]
    public void AReplacedOrWithdrawnCaseCountsOnlyAsItIsNow()
    {
        _index.Set("case:north/c1", "north", Contribution(CalcinosisType.Iatrogenic, Sex.Male, 30, 2000, []));
        _index.Set("case:south/c3", "south", null);
        _index.Set("case:south/never", "south", null);

        var partial = _index.Analyze(new AnalysisRequest(AnalysisFilter.Everything, AnalysisComparison.CalcinosisType));

        Assert.Equal(3, _index.Count);
        Assert.Equal((3, 2), (partial.CasesIncluded, partial.CoursesIncluded));
        Assert.Equal(["dystrophic"], partial.Groups.Keys);
    }

    /// <summary>
    /// Two shards' partials merge into the single cohort's figures: c1 and c2 in one index, c3 in the other, and a
    /// surgery course of c3 recurring at day 100 (as c1's does), so the merged follow-up adds a shared day.
    /// </summary>
    [Fact]
    public void ShardPartialsMergeIntoTheWholeCohortsFigures()
    {
        var north = new CohortIndex();
        var south = new CohortIndex();
        north.Set("case:north/c1", "north", Contribution(CalcinosisType.Dystrophic, Sex.Female, 17, 2010, [UnderlyingCondition.Dermatomyositis],
            Course(TreatmentClass.Surgery, Response.Complete, 100, recurred: true)));
        north.Set("case:north/c2", "north", Contribution(CalcinosisType.Dystrophic, Sex.Male, 18, 2015, [UnderlyingCondition.SystemicSclerosis],
            Course(TreatmentClass.Surgery, Response.Partial, 200, recurred: false)));
        south.Set("case:south/c3", "south", Contribution(CalcinosisType.Metastatic, Sex.Female, 65, 2020, [UnderlyingCondition.ChronicKidneyDisease],
            Course(TreatmentClass.Surgery, Response.Complete, 100, recurred: true), Course(TreatmentClass.Surgery, Response.None)));
        var request = new AnalysisRequest(AnalysisFilter.Everything, AnalysisComparison.TreatmentClass);

        var merged = AnalysisPartial.MergeAll([north.Analyze(request), south.Analyze(request)]);

        Assert.Equal((3, 4), (merged.CasesIncluded, merged.CoursesIncluded));
        var surgery = Assert.Single(merged.Groups).Value;
        Assert.Equal((3, 4, 4, 2, 1, 1, 3, 2), Counts(surgery));
        Assert.Equal([new DayCounts(100, 2, 0), new DayCounts(200, 0, 1)], surgery.Times);
    }

    private static (int Cases, int Courses, int Assessed, int Complete, int Partial, int None, int Responders, int Recurrences) Counts(GroupTally group) =>
        (group.Cases, group.Courses, group.Assessed, group.Complete, group.Partial, group.None, group.Responders, group.Recurrences);

    private static CourseOutcome Course(TreatmentClass treatmentClass, Response? best, int days = 0, bool recurred = false) =>
        new(treatmentClass, best, best is Response.Complete or Response.Partial ? new RecurrenceObservation(days, recurred) : null);

    private static CaseContribution Contribution(
        CalcinosisType type, Sex sex, int age, int year, UnderlyingCondition[] conditions, params CourseOutcome[] courses) =>
        new(type, Lesions: 1, courses) { Sex = sex, AgeAtOnsetYears = age, DiagnosisYear = year, UnderlyingConditions = conditions };
}
