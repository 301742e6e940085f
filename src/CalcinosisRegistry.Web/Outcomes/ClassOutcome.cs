namespace CalcinosisRegistry.Web.Outcomes;

/// <summary>One treatment class's (or all classes') published outcomes; <see cref="Suppressed"/> names withheld figures.</summary>
public sealed record ClassOutcome(
    string Class,
    int? Cases,
    int? Courses,
    int? Assessed,
    int? Complete,
    Rate ResponseRate,
    Rate CompleteResponseRate,
    int? Responders,
    int? Recurrences,
    IReadOnlyDictionary<string, double?> SurvivalAt,
    int? MedianDays,
    IReadOnlyList<CurvePoint>? Curve,
    IReadOnlySet<string> Suppressed)
{
    public bool IsWithheld(string figure) => Suppressed.Contains(figure);
}
