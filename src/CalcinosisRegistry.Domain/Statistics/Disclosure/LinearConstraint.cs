namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// A relation as the reader sees it once the published counts are substituted: Σ coefficient × unknown (= or ≤)
/// <paramref name="RightHandSide"/>, over column indexes of the unknown cells.
/// </summary>
internal sealed record LinearConstraint(int[] Columns, double[] Coefficients, double RightHandSide, bool IsEquality);
