namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>The statistics of one treatment class (kebab-case wire name) or of all classes ("all").</summary>
public sealed record TreatmentStatistics(
    string Class,
    int Cases,
    int Courses,
    int Assessed,
    int Complete,
    int Partial,
    int None,
    int Progression,
    Proportion ResponseRate,
    Proportion CompleteResponseRate,
    RecurrenceStatistics Recurrence);
