using System.Text.Json.Serialization;

namespace CalcinosisRegistry.Domain.Analyses;

/// <summary>
/// The k-sample log-rank test (R: <c>survdiff(Surv(time, event) ~ group)</c>, rho = 0) over the groups that have
/// at least one responder course. <see cref="Observed"/> and <see cref="Expected"/> (one per group taking part, in
/// the groups' order) are left out under disclosure control, where chi-square and p keep 3 significant digits.
/// </summary>
public sealed record LogRankTest(
    int Groups,
    double ChiSquare,
    int Df,
    double PValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Observed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? Expected);
