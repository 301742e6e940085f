using CalcinosisRegistry.Domain.Cases;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// Turns the merged partial statistics of an analysis into its answer: exactly (admins) or under rounding
/// (everyone else, spec section 1 and the group rules of section 2).
/// </summary>
public static class AnalysisSummarizer
{
    public static AnalysisResult Exact(AnalysisPartial merged, AnalysisComparison compare)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var ordered = Ordered(merged);
        var groups = ordered.Select(pair => AnalysisGroup.FromStatistics(Summarize(pair.Key, pair.Value))).ToArray();
        return new AnalysisResult(merged.CasesIncluded, merged.CoursesIncluded, CaseJson.ToWireName(compare), groups, Test(ordered));
    }

    /// <summary>
    /// Every count rounded to <paramref name="roundTo"/>, rates and curves from the rounded counts; a group with fewer
    /// than <paramref name="roundTo"/> exact cases is published as too few and takes no part in the test, which is
    /// computed from the exact data of the others and published to 3 significant digits without observed/expected.
    /// </summary>
    public static AnalysisResult Rounded(AnalysisPartial merged, AnalysisComparison compare, int roundTo)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var ordered = Ordered(merged);
        var groups = ordered
            .Select(pair => pair.Value.Cases < roundTo
                ? AnalysisGroup.Withheld(pair.Key)
                : AnalysisGroup.FromStatistics(RoundedDisclosure.Treatment(Summarize(pair.Key, pair.Value), roundTo, includeCurve: true)))
            .ToArray();
        var test = Test([.. ordered.Where(pair => pair.Value.Cases >= roundTo)]);
        var published = test is null
            ? null
            : test with { ChiSquare = SignificantDigits(test.ChiSquare, 3), PValue = SignificantDigits(test.PValue, 3), Observed = null, Expected = null };
        return new AnalysisResult(
            RoundedDisclosure.Count(merged.CasesIncluded, roundTo),
            RoundedDisclosure.Count(merged.CoursesIncluded, roundTo),
            CaseJson.ToWireName(compare),
            groups,
            published)
        {
            Disclosure = DisclosureNames.Rounded,
            RoundTo = roundTo,
        };
    }

    /// <summary><paramref name="value"/> rounded to <paramref name="digits"/> significant digits (halves away from zero).</summary>
    public static double SignificantDigits(double value, int digits)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var decimals = digits - magnitude;
        if (decimals is >= 0 and <= 15)
        {
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        }

        var scale = Math.Pow(10, decimals);
        return Math.Round(value * scale, MidpointRounding.AwayFromZero) / scale;
    }

    private static List<KeyValuePair<string, GroupTally>> Ordered(AnalysisPartial merged) =>
        [.. merged.Groups.Where(pair => pair.Value.Courses > 0).OrderBy(pair => pair.Key, StringComparer.Ordinal)];

    private static TreatmentStatistics Summarize(string key, GroupTally tally) =>
        StatisticsSummarizer.SummarizeClass(key, tally.Counts, KaplanMeierCurve.Steps(tally.Times), includeCurve: true);

    private static LogRankTest? Test(IReadOnlyList<KeyValuePair<string, GroupTally>> groups) =>
        LogRank.Test([.. groups.Where(pair => pair.Value.Responders > 0).Select(pair => (IReadOnlyList<DayCounts>)pair.Value.Times)]);
}
