namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>One published step of a Kaplan–Meier recurrence-free curve; counts may be null where disclosure withholds them.</summary>
public sealed record CurvePoint(int Day, int? AtRisk, int? Events, int? Censored, double Survival, double? Lower, double? Upper);
