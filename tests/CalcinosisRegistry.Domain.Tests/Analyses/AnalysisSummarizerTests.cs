using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Statistics;

namespace CalcinosisRegistry.Domain.Tests.Analyses;

/// <summary>The answer's exact and rounded forms, from partial statistics built by hand.</summary>
public sealed class AnalysisSummarizerTests
{
    [Fact]
    public void TheExactAnswerListsGroupsInKeyOrderWithTheirTest()
    {
        var merged = Merged(("surgery", 7, Times((1, 1, 0), (3, 1, 0), (5, 0, 1))), ("bisphosphonate", 6, Times((2, 1, 0), (4, 0, 1), (6, 1, 0))));

        var result = AnalysisSummarizer.Exact(merged, AnalysisComparison.TreatmentClass);

        Assert.Equal(("treatment-class", "exact"), (result.Compare, result.Disclosure));
        Assert.Equal(["bisphosphonate", "surgery"], result.Groups.Select(group => group.Key));
        Assert.Equal(0.36 / 0.74, result.LogRank!.ChiSquare, 12);
        Assert.Equal([2, 2], result.LogRank.Observed);
        Assert.Equal(3, result.Groups[0].Recurrence!.Curve!.Count);
    }

    /// <summary>
    /// Three groups; "a" has 5 cases (fewer than m = 6), so it is only { key, tooFew } and the test runs over "b" and
    /// "c" alone: the two-group example of <see cref="LogRankTests.TwoGroups"/>, χ² = 0.486486…, published as 0.486
    /// and p = 0.485498… as 0.485, without observed and expected. Counts round: 6 cases → 3, 13 → 15.
    /// </summary>
    [Fact]
    public void TheRoundedAnswerWithholdsSmallGroupsAndTestsTheOthers()
    {
        var merged = Merged(("a", 5, Times((1, 5, 0))), ("b", 6, Times((1, 1, 0), (3, 1, 0), (5, 0, 1))), ("c", 13, Times((2, 1, 0), (4, 0, 1), (6, 1, 0))));

        var result = AnalysisSummarizer.Rounded(merged, AnalysisComparison.Site, 6);

        Assert.Equal(("rounded", (int?)6), (result.Disclosure, result.RoundTo));
        Assert.Equal(new AnalysisGroup("a", true, null, null, null, null, null, null, null, null, null, null), result.Groups[0]);
        Assert.Equal((3, 15), (result.Groups[1].Cases, result.Groups[2].Cases));
        Assert.Equal(2, result.LogRank!.Groups);
        Assert.Equal(0.486, result.LogRank.ChiSquare);
        Assert.Equal(0.485, result.LogRank.PValue);
        Assert.Null(result.LogRank.Observed);
        Assert.Null(result.LogRank.Expected);
        Assert.Equal(RoundedCount(merged.CasesIncluded), result.CasesIncluded);
    }

    [Theory]
    [InlineData(0.0034331434535784145, 0.00343)]
    [InlineData(19.474392788982897, 19.5)]
    [InlineData(123456.0, 123000.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1.5374597944280351e-12, 1.54e-12)]
    public void ThreeSignificantDigits(double value, double published) =>
        Assert.Equal(published, AnalysisSummarizer.SignificantDigits(value, 3), published * 1e-12);

    private static int RoundedCount(int count) => count == 0 ? 0 : (count + 5) / 6 * 6 - 3;

    /// <summary>Groups whose every course is a responder with the given follow-up, and <paramref name="cases"/> cases.</summary>
    private static AnalysisPartial Merged(params (string Key, int Cases, DayCounts[] Times)[] groups)
    {
        var partial = new AnalysisPartial();
        foreach (var (key, cases, times) in groups)
        {
            var responders = times.Sum(counts => counts.Events + counts.Censored);
            var recurrences = times.Sum(counts => counts.Events);
            partial.Groups[key] = new GroupTally
            {
                Cases = cases, Courses = responders, Assessed = responders, Complete = responders, Responders = responders,
                Recurrences = recurrences, Times = times,
            };
            partial.CasesIncluded += cases;
            partial.CoursesIncluded += responders;
        }

        return partial;
    }

    private static DayCounts[] Times(params (int Day, int Events, int Censored)[] times) =>
        [.. times.Select(time => new DayCounts(time.Day, time.Events, time.Censored))];
}
