using System.Text.Json.Serialization;
using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// The statistics of one calcinosis type (wire name) or of all types ("all"), as contract section 3 shapes them.
/// <see cref="Disclosure"/> says whether the figures are exact (admins) or rounded (everyone else, with
/// <see cref="RoundTo"/>), so no reader mistakes a rounded figure for an exact one.
/// </summary>
public sealed record TypeStatistics(
    string CalcinosisType,
    int CasesIncluded,
    int Cases,
    int Lesions,
    int Courses,
    IReadOnlyList<TreatmentStatistics> ByTreatment,
    TreatmentStatistics AllTreatments)
{
    public string Disclosure { get; init; } = DisclosureNames.Exact;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RoundTo { get; init; }
}
