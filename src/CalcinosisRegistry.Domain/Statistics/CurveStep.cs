namespace CalcinosisRegistry.Domain.Statistics;

/// <summary>
/// One step of the Kaplan–Meier recurrence-free curve at a distinct event or censoring time, with its 95% interval
/// (Greenwood variance on the log scale); the limits are null once survival has reached 0.
/// </summary>
public sealed record CurveStep(int Day, int AtRisk, int Events, int Censored, double Survival, double? Lower, double? Upper);
