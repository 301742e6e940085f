namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>A proportion with its 95% Wilson interval, as the statistics publish it (every part null when not available).</summary>
public sealed record Rate(double? Estimate, double? Lower, double? Upper);
