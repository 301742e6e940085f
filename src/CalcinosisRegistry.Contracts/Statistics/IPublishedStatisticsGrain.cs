using Orleans.Concurrency;

namespace CalcinosisRegistry.Contracts.Statistics;

/// <summary>
/// The statistics as non-admin callers see them, with small counts and their complements suppressed (one grain per
/// threshold k, <see cref="RegistryKeys.PublishedStatistics"/>). Suppression looks at every type at once, so it is
/// computed here, in the background, and served ready-made.
/// </summary>
[Alias("calcinosis.IPublishedStatisticsGrain")]
public interface IPublishedStatisticsGrain : IGrainWithStringKey
{
    [Alias("Get"), AlwaysInterleave]
    Task<PublishedStatisticsDocument> GetAsync(bool includeCurve);
}
