namespace CalcinosisRegistry.Domain.Statistics.Disclosure;

/// <summary>
/// One view of the statistics a caller can request: every type and "all types", over all sites
/// (<paramref name="SiteId"/> null) or over one site's cases (<c>?site=</c>).
/// </summary>
public sealed record StatisticsView(string? SiteId, IReadOnlyList<TypeStatistics> Types, TypeStatistics AllTypes);
