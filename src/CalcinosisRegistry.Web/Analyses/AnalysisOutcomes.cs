using CalcinosisRegistry.Web.Outcomes;

namespace CalcinosisRegistry.Web.Analyses;

/// <summary>An analysis as the builder shows it: the cohort, its groups in the API's order, the log-rank line and how the figures were released.</summary>
public sealed record AnalysisOutcomes(
    int CasesIncluded,
    int CoursesIncluded,
    string Compare,
    IReadOnlyList<AnalysisGroupRow> Groups,
    string LogRankLine,
    DisclosureMark Disclosure);
