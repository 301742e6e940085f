using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// What one treatment course contributes to the statistics. <paramref name="BestResponse"/> is null for a course
/// that was never assessed; <paramref name="Recurrence"/> is set for responders (complete or partial) only.
/// </summary>
public sealed record CourseOutcome(TreatmentClass Class, Response? BestResponse, RecurrenceObservation? Recurrence);
