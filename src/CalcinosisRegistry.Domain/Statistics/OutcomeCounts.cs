namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>The plain counts behind one class's (or analysis group's) figures in contract section 3.</summary>
public readonly record struct OutcomeCounts(
    int Cases, int Courses, int Assessed, int Complete, int Partial, int None, int Progression, int Responders, int Recurrences);
