namespace CalcinosisRegistry.Domain.Validation;

/// <summary>The stable codes of plausibility warnings; they are part of the public contract, so never rename one.</summary>
public static class ValidationWarningCodes
{
    /// <summary>A metastatic case whose labs show no raised serum calcium or phosphate (or that has no labs at all).</summary>
    public const string MetastaticWithoutAbnormalMineral = "metastatic-without-abnormal-mineral";

    /// <summary>A dystrophic case with a raised serum calcium or phosphate.</summary>
    public const string DystrophicWithAbnormalMineral = "dystrophic-with-abnormal-mineral";

    /// <summary>An idiopathic case with a raised serum calcium or phosphate.</summary>
    public const string IdiopathicWithAbnormalMineral = "idiopathic-with-abnormal-mineral";

    /// <summary>An iatrogenic case without an iatrogenic underlying condition (iv-calcium or calcium-containing-electrode).</summary>
    public const string IatrogenicWithoutCause = "iatrogenic-without-cause";
}
