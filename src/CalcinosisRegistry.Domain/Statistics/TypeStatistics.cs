namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>The statistics of one calcinosis type (wire name) or of all types ("all"), as contract section 3 shapes them.</summary>
public sealed record TypeStatistics(
    string CalcinosisType,
    int CasesIncluded,
    int Cases,
    int Lesions,
    int Courses,
    IReadOnlyList<TreatmentStatistics> ByTreatment,
    TreatmentStatistics AllTreatments);
