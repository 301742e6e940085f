namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>The vertices of a step function drawn from day 0, so a plain polyline (or a filled band) draws the step.</summary>
public sealed record StepSeries(double[] Days, double[] Values);
