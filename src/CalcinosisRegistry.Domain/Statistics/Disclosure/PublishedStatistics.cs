namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// The statistics as a non-admin caller may see them: <c>{ "types": [...], "allTypes": {...}, "k": 5 }</c>, with
/// every count from 1 to <paramref name="K"/>−1, everything built on one, and the complements that would let a
/// reader recover one, withheld.
/// </summary>
public sealed record PublishedStatistics(IReadOnlyList<PublishedTypeStatistics> Types, PublishedTypeStatistics AllTypes, int K)
{
    public string Disclosure { get; init; } = DisclosureNames.Suppressed;
}
