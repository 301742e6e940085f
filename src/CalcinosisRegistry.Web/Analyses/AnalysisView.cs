using System.Globalization;
using CalcinosisRegistry.Domain.Analyses;
using CalcinosisRegistry.Domain.Statistics;
using CalcinosisRegistry.Domain.Statistics.Disclosure;
using CalcinosisRegistry.Web.Outcomes;
using ScottPlot;

namespace CalcinosisRegistry.Web.Analyses;

/// <summary>From the analysis service's answer to what the builder shows and downloads: rows, curves, the log-rank line, the figure.</summary>
public static class AnalysisView
{
    public static AnalysisOutcomes From(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var mark = result.Disclosure switch
        {
            DisclosureNames.Exact => DisclosureMark.Exact,
            _ => DisclosureMark.Rounded(result.RoundTo),
        };
        return new AnalysisOutcomes(
            result.CasesIncluded,
            result.CoursesIncluded,
            result.Compare,
            [.. result.Groups.Select(group => new AnalysisGroupRow(group.Key, GroupLabel(result.Compare, group.Key), group.TooFew == true ? null : Outcome(group)))],
            LogRankLine(result.LogRank, result.Disclosure != DisclosureNames.Exact),
            mark);
    }

    /// <summary>Vocabulary keys read as words; site ids and age bands (<c>18-39</c>) stay as they are.</summary>
    public static string GroupLabel(string compare, string key) => compare switch
    {
        "site" or "age-band" => key,
        "none" => "All courses",
        _ => ClassNames.Sentence(key),
    };

    public static string LogRankLine(LogRankTest? test, bool rounded)
    {
        if (test is null)
        {
            return "Log-rank test: not computed (fewer than two groups with responders, or no recurrence).";
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"Log-rank test over {test.Groups} groups: χ² = {test.ChiSquare:G4}, df = {test.Df}, p = {test.PValue:G4}");
        return rounded ? line + " (χ² and p rounded to 3 significant digits)." : line + ".";
    }

    public static Plot Figure(AnalysisOutcomes outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return OutcomeFigures.KaplanMeier(
            outcomes.Groups.Select(group => (group.Label, group.Outcome?.Curve)),
            $"Recurrence-free after response, by {outcomes.Compare.Replace('-', ' ')}");
    }

    private static ClassOutcome Outcome(AnalysisGroup group)
    {
        var recurrence = group.Recurrence;
        return new ClassOutcome(
            group.Key, group.Cases, group.Courses, group.Assessed, group.Complete,
            RateOf(group.ResponseRate), RateOf(group.CompleteResponseRate),
            recurrence?.Responders, recurrence?.Recurrences,
            recurrence?.SurvivalAt ?? new Dictionary<string, double?>(),
            recurrence?.MedianDays,
            recurrence?.Curve?.Select(step => new CurvePoint(step.Day, step.AtRisk, step.Events, step.Censored, step.Survival, step.Lower, step.Upper)).ToList(),
            new HashSet<string>());
    }

    private static Rate RateOf(Proportion? proportion) => new(proportion?.Estimate, proportion?.Lower, proportion?.Upper);
}
