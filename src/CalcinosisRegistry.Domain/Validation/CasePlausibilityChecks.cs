using System.Globalization;
using CalcinosisRegistry.Domain.Cases;

namespace CalcinosisRegistry.Domain.Validation;

/// <summary>
/// Plausibility warnings for a valid case (contract section 2): the calcinosis type should agree with the serum
/// minerals and, for iatrogenic cases, with a recorded iatrogenic cause. They flag likely miscoding for a curator;
/// they never refuse a case, because real patients do not always read the textbook.
/// </summary>
internal static class CasePlausibilityChecks
{
    private static readonly UnderlyingCondition[] IatrogenicCauses =
        [UnderlyingCondition.IvCalcium, UnderlyingCondition.CalciumContainingElectrode];

    public static IReadOnlyList<ValidationWarning> Evaluate(CaseDocument document)
    {
        var warnings = new List<ValidationWarning>();
        var raisedFinding = FindRaisedMineral(document.Labs);

        switch (document.CalcinosisType)
        {
            case CalcinosisType.Metastatic when raisedFinding is null:
                warnings.Add(new ValidationWarning(
                    ValidationWarningCodes.MetastaticWithoutAbnormalMineral,
                    document.Labs.Count == 0
                        ? "A metastatic case is expected to show a raised serum calcium or phosphate, but no lab results are recorded."
                        : Invariant($"A metastatic case is expected to show a raised serum calcium (above {MineralReferenceLimits.SerumCalciumUpperMgDl} mg/dL) or phosphate (above {MineralReferenceLimits.PhosphateUpperMgDl} mg/dL), but no recorded lab value is raised.")));
                break;

            case CalcinosisType.Dystrophic when raisedFinding is not null:
                warnings.Add(new ValidationWarning(
                    ValidationWarningCodes.DystrophicWithAbnormalMineral,
                    $"Dystrophic calcinosis occurs with normal serum calcium and phosphate, but {raisedFinding}."));
                break;

            case CalcinosisType.Idiopathic when raisedFinding is not null:
                warnings.Add(new ValidationWarning(
                    ValidationWarningCodes.IdiopathicWithAbnormalMineral,
                    $"Idiopathic calcinosis occurs with normal serum calcium and phosphate, but {raisedFinding}."));
                break;

            case CalcinosisType.Iatrogenic when !document.UnderlyingConditions.Any(IatrogenicCauses.Contains):
                warnings.Add(new ValidationWarning(
                    ValidationWarningCodes.IatrogenicWithoutCause,
                    "An iatrogenic case is expected to list its cause among underlyingConditions (iv-calcium or calcium-containing-electrode), but neither is listed."));
                break;
        }

        return warnings;
    }

    // Describes the first raised value in document order (for the warning's message), or null if none is raised.
    private static string? FindRaisedMineral(IReadOnlyList<LabResult> labs)
    {
        foreach (var lab in labs)
        {
            if (lab.SerumCalciumMgDl is double calcium && calcium > MineralReferenceLimits.SerumCalciumUpperMgDl)
            {
                return Invariant($"serum calcium on day {lab.Day} is {calcium} mg/dL (above {MineralReferenceLimits.SerumCalciumUpperMgDl})");
            }

            if (lab.PhosphateMgDl is double phosphate && phosphate > MineralReferenceLimits.PhosphateUpperMgDl)
            {
                return Invariant($"phosphate on day {lab.Day} is {phosphate} mg/dL (above {MineralReferenceLimits.PhosphateUpperMgDl})");
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
