namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>A calcinosis type's (or all types') published outcomes as the analyst's page shows them.</summary>
public sealed record TypeOutcomes(
    string CalcinosisType,
    int? CasesIncluded,
    int? Cases,
    int? Courses,
    IReadOnlyList<ClassOutcome> Classes,
    ClassOutcome AllTreatments,
    DisclosureMark Disclosure);
