namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>
/// From published Kaplan–Meier steps to what is drawn: the survival step line from (0, 1), its confidence band
/// (drawn while both limits are published), and the number at risk at chosen days.
/// </summary>
public static class CurveGeometry
{
    /// <summary>The days of the number-at-risk table under the plot.</summary>
    public static readonly int[] AtRiskDays = [0, 90, 180, 365, 730];

    public static StepSeries Survival(IReadOnlyList<CurvePoint> curve) => Steps(curve, point => point.Survival);

    /// <summary>The band's lower and upper edges, up to the first step whose limits are not published (survival 0).</summary>
    public static (StepSeries Lower, StepSeries Upper) Band(IReadOnlyList<CurvePoint> curve)
    {
        var published = curve.TakeWhile(point => point.Lower is not null && point.Upper is not null).ToList();
        return (Steps(published, point => point.Lower!.Value), Steps(published, point => point.Upper!.Value));
    }

    /// <summary>
    /// The number at risk at <paramref name="day"/>: the at-risk count of the first step on or after that day (those
    /// still followed then), 0 past the last step, null where disclosure withheld it.
    /// </summary>
    public static int? AtRisk(IReadOnlyList<CurvePoint> curve, int day)
    {
        var step = curve.FirstOrDefault(point => point.Day >= day);
        return step is null ? 0 : step.AtRisk;
    }

    private static StepSeries Steps(IReadOnlyList<CurvePoint> curve, Func<CurvePoint, double> value)
    {
        var days = new List<double> { 0 };
        var values = new List<double> { 1 };
        foreach (var point in curve)
        {
            // Horizontal to the step's day at the previous level, then down (or up, for a limit) to the new one.
            days.Add(point.Day);
            values.Add(values[^1]);
            days.Add(point.Day);
            values.Add(value(point));
        }

        return new StepSeries([.. days], [.. values]);
    }
}
