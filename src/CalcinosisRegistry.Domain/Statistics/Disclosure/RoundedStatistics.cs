namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// <c>GET /api/statistics</c> as a non-admin caller sees it under <c>round</c>: every type and all types together
/// with rounded counts, rates and curves (see <see cref="RoundedDisclosure"/>).
/// </summary>
public sealed record RoundedStatistics(int CasesIncluded, IReadOnlyList<TypeStatistics> Types, TypeStatistics AllTypes, int RoundTo)
{
    public string Disclosure { get; init; } = DisclosureNames.Rounded;
}
