using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The cohort of an analysis (spec section 2). A null member does not filter. Every member but
/// <see cref="TreatmentClasses"/> selects cases; <see cref="TreatmentClasses"/> narrows the cohort's courses.
/// </summary>
public sealed record AnalysisFilter(
    IReadOnlyList<CalcinosisType>? CalcinosisTypes = null,
    IReadOnlyList<UnderlyingCondition>? UnderlyingConditions = null,
    IReadOnlyList<Sex>? Sex = null,
    IntRange? AgeAtOnset = null,
    IntRange? DiagnosisYear = null,
    IReadOnlyList<string>? Sites = null,
    IReadOnlyList<TreatmentClass>? TreatmentClasses = null)
{
    public static AnalysisFilter Everything { get; } = new();
}
