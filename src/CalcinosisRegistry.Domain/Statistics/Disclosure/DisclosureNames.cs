namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>The <c>disclosure</c> value of every statistics and analysis response (spec section 1).</summary>
public static class DisclosureNames
{
    public const string Exact = "exact";

    public const string Rounded = "rounded";

    public const string Suppressed = "suppressed";
}
