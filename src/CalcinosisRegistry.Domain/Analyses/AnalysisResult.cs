using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The answer of <c>POST /api/analyses</c> (spec section 2): the cohort's size, its groups in ascending key order,
/// the log-rank test over them (null when fewer than two groups have responders or nothing recurred), and which
/// disclosure applies.
/// </summary>
public sealed record AnalysisResult(
    int CasesIncluded,
    int CoursesIncluded,
    string Compare,
    IReadOnlyList<AnalysisGroup> Groups,
    LogRankTest? LogRank)
{
    public string Disclosure { get; init; } = DisclosureNames.Exact;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RoundTo { get; init; }
}
