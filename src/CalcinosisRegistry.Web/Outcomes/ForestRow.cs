namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>One row of the forest plot: a class's rate and its interval; no point is drawn when the rate is unavailable.</summary>
public sealed record ForestRow(string Label, double? Estimate, double? Lower, double? Upper);
