namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// The counts that take part in disclosure control. The first ten are published fields; the last four are
/// implied cells: never published, but a reader can compute them by subtracting published counts, so they are
/// protected like any other count when their value lies in 1..k−1.
/// </summary>
internal enum CountField
{
    Cases,
    Lesions,
    Courses,
    Assessed,
    Complete,
    Partial,
    None,
    Progression,
    Responders,
    Recurrences,

    /// <summary>Courses without any assessment: courses − assessed.</summary>
    Unassessed,

    /// <summary>Responders whose follow-up ended without a recurrence: responders − recurrences.</summary>
    NonRecurred,

    /// <summary>Cases of the type without any course: type cases − allTreatments cases.</summary>
    CasesWithoutCourses,

    /// <summary>Treated cases of the type that never had a course of this class: allTreatments cases − class cases.</summary>
    CasesWithoutClass,
}
