namespace CalcinosisRegistry.Domain.Cases;

/// <summary>
/// One de-identified research case (contract section 2), as accepted after validation and normalisation:
/// optional lists are empty rather than null, and ages above 89 are already folded to 90.
/// </summary>
public sealed record CaseDocument(
    string CaseId,
    Sex Sex,
    int AgeAtOnsetYears,
    int DiagnosisYear,
    CalcinosisType CalcinosisType,
    IReadOnlyList<UnderlyingCondition> UnderlyingConditions,
    IReadOnlyList<LabResult> Labs,
    IReadOnlyList<DiagnosticMethod> DiagnosticMethods,
    IReadOnlyList<Lesion> Lesions,
    IReadOnlyList<TreatmentCourse> Treatments,
    IReadOnlyList<Recurrence> Recurrences,
    int LastFollowUpDay);
