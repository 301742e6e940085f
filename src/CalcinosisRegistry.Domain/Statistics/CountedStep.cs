namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>The counts of one Kaplan–Meier step before survival is computed from them.</summary>
public readonly record struct CountedStep(int Day, int AtRisk, int Events, int Censored);
