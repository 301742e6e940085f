namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// What one responding course contributes to the recurrence-free curve: the days from its response day to the
/// recurrence (<paramref name="Recurred"/> true) or to the end of its follow-up window (censored).
/// </summary>
public sealed record RecurrenceObservation(int Days, bool Recurred);
