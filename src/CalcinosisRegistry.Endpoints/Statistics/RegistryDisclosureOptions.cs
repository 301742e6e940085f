using CalcinosisRegistry.Domain.Statistics.Disclosure;

namespace CalcinosisRegistry.Endpoints.Statistics;

/// <summary>
/// The <c>Registry:Disclosure</c> section (environment: <c>Registry__Disclosure__Method</c>,
/// <c>Registry__Disclosure__RoundTo</c>): how figures are protected for non-admin callers.
/// </summary>
public sealed class RegistryDisclosureOptions
{
    public const string Section = "Registry:Disclosure";

    public DisclosureMethod Method { get; set; } = DisclosureMethod.Round;

    /// <summary>m of midpoint rounding: counts 1..m publish as m − ⌊m/2⌋, and so on per band of m.</summary>
    public int RoundTo { get; set; } = RoundedDisclosure.DefaultRoundTo;
}
